// The partner-facing endpoints as one Web-standard function (Request → Response), for the
// lean Node server. It mounts the very handlers that app/**/route.ts binds in Next.js, so
// both paths answer byte for byte the same; only the framework's per-request cost differs.
import { ApiError, errorResponse } from './api/errors';
import { handleBenchBaseline, handleOpenApi } from './api/fixed-handlers';
import type { PartnerApi } from './api/partner-api';
import type { HealthHandlers } from './health/health-handler';
import { handleMetrics } from './observability/metrics-endpoint';

type Handler = (request: Request) => Promise<Response>;

export interface OAuthHandlers {
  metadata: Handler;
  token: Handler;
  revoke: Handler;
  introspect: Handler;
  par: Handler;
}

const accountPath = /^\/api\/v1\/accounts\/([^/]+)\/(balances|transactions)$/;

function methodNotAllowed(): Response {
  const response = errorResponse(new ApiError('method_not_allowed'));
  response.headers.set('Allow', 'GET');
  return response;
}

export function createPartnerRouter(api: PartnerApi, oauth: OAuthHandlers, health: HealthHandlers): Handler {
  // The OAuth and health handlers check the method themselves (405 with their own body).
  const exact = new Map<string, Handler>([
    ['/healthz', health.healthz],
    ['/readyz', health.readyz],
    ['/.well-known/oauth-authorization-server', oauth.metadata],
    ['/oauth/token', oauth.token],
    ['/oauth/revoke', oauth.revoke],
    ['/oauth/introspect', oauth.introspect],
    ['/oauth/par', oauth.par],
    ['/metrics', handleMetrics],
  ]);
  const readOnly = new Map<string, Handler>([
    ['/api/v1/accounts', api.accounts],
    ['/api/v1/openapi.json', handleOpenApi],
    ['/api/v1/bench-baseline', handleBenchBaseline],
  ]);

  return async (request) => {
    const { pathname } = new URL(request.url);
    const handler = exact.get(pathname);
    if (handler) return handler(request);
    const get = readOnly.get(pathname);
    const match = get ? null : accountPath.exec(pathname);
    if (!get && !match) return errorResponse(new ApiError('not_found'));
    if (request.method !== 'GET') return methodNotAllowed();
    if (get) return get(request);
    let accountId: string;
    try {
      accountId = decodeURIComponent(match![1]!);
    } catch {
      return errorResponse(new ApiError('account_not_found'));
    }
    return match![2] === 'balances' ? api.balances(request, { accountId }) : api.transactions(request, { accountId });
  };
}
