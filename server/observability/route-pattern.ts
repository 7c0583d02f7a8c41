// Metric labels and log fields name the route, never the raw path: a path holds ids (an
// account id) and whatever a client typed, and a label per distinct value would grow the
// metrics without bound. Every path maps to one of a fixed set of patterns, else `other`.
const EXACT = new Set([
  '/',
  '/.well-known/oauth-authorization-server',
  '/oauth/authorize',
  '/oauth/par',
  '/oauth/token',
  '/oauth/revoke',
  '/oauth/introspect',
  '/api/v1/accounts',
  '/api/v1/openapi.json',
  '/api/v1/bench-baseline',
  '/consent',
  '/consent/login',
  '/consent/operations',
  '/consent/pin',
  '/consent/pin-result',
  '/consent/grant',
  '/consent/unavailable',
  '/linkages',
  '/linkages/login',
  '/admin',
  '/admin/login',
  '/admin/audit',
  '/admin/audit/export',
  '/admin/overview',
  '/admin/locks',
  '/admin/partners',
  '/admin/partners/new',
  '/admin/approvals',
  '/admin/staff',
  '/admin/password',
  '/metrics',
  '/healthz',
  '/readyz',
  '/favicon.ico',
]);

const PARTNER_PATH = /^\/admin\/partners\/ptn_[a-z2-7]{1,40}$/;

// One non-empty path segment (bounded) in the account's place; anything else is `other`.
const ACCOUNT_PATH = /^\/api\/v1\/accounts\/[^/]{1,200}\/(balances|transactions)$/;
const ADMIN_LINKAGE_PATH = /^\/admin\/linkages\/[^/]{1,200}$/;

/** Every value routePattern can return: the bound on the `route` label. */
export const ROUTE_PATTERNS: readonly string[] = [
  ...EXACT,
  '/api/v1/accounts/:accountId/balances',
  '/api/v1/accounts/:accountId/transactions',
  '/admin/partners/:partnerId',
  '/admin/linkages/:id',
  '/_next/static/*',
  '/_next/image',
  'other',
];

export function routePattern(pathname: string): string {
  if (EXACT.has(pathname)) return pathname;
  const account = ACCOUNT_PATH.exec(pathname);
  if (account) return `/api/v1/accounts/:accountId/${account[1]}`;
  if (PARTNER_PATH.test(pathname)) return '/admin/partners/:partnerId';
  if (ADMIN_LINKAGE_PATH.test(pathname)) return '/admin/linkages/:id';
  if (pathname.startsWith('/_next/static/')) return '/_next/static/*';
  if (pathname === '/_next/image') return '/_next/image';
  return 'other';
}

/** The pathname of a request target (`/a/b?c=d` → `/a/b`) without parsing a URL. */
export function pathnameOf(target: string | undefined): string {
  if (!target) return '/';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The method as a bounded label value. */
export function methodLabel(method: string | undefined): string {
  return method && METHODS.has(method) ? method : 'other';
}
