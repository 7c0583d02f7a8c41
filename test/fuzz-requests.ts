// Mutated HTTP requests for the fuzz test (server/fuzz.test.ts): each starts from a valid
// request to one endpoint, then drops, replaces, repeats or adds parameters, and picks a
// method, a content type and an Authorization header that may all be wrong.
import fc from 'fast-check';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Values a valid request would carry: real credentials, codes and tokens of the test database. */
export interface FuzzMaterial {
  /** Basic values, most of them of the client the codes and tokens belong to. */
  basic: string[];
  accessTokens: string[];
  refreshTokens: string[];
  codes: { code: string; verifier: string }[];
  accountIds: string[];
  redirectUri: string;
  codeChallenge: string;
}

type Entry = [string, string];

const OAUTH_POST = ['/oauth/token', '/oauth/revoke', '/oauth/introspect', '/oauth/par'];
const RESERVED = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=UTF-8',
  'APPLICATION/X-WWW-FORM-URLENCODED',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded, application/json',
  '',
];

/** Printable ASCII only: what an HTTP client can put in a header at all. */
const headerText = (maxLength: number) => fc.string({ maxLength, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });

const junk: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10, unit: 'grapheme' }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('', ' ', '%', '%zz', '%E0%A4%A', '\u0000', '../../etc/passwd', "' OR 1=1 --", '"; DROP TABLE tokens; --', '<script>alert(1)</script>', '9'.repeat(40), '-1', '0', '1e999', '2026-02-30', '9999-12-31', 'null', '[]', '{}', 'S256', 'plain', 'code', 'accounts:read', 'openid'),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 20_000 }).map((n) => 'x'.repeat(n)) },
);

function oneOf<T>(values: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...values);
}

const chance = (p: number) => fc.integer({ min: 0, max: 99 }).map((n) => n < p * 100);

/** The value in about `p` of the requests, null in the others. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: Math.round(p * 100), arbitrary }, { weight: Math.round((1 - p) * 100), arbitrary: fc.constant(null) });
}

function baselines(m: FuzzMaterial): Record<string, fc.Arbitrary<Entry[]>> {
  const code = oneOf(m.codes);
  const basicOrPost = oneOf([[], [['client_id', 'demo-kaikei'], ['client_secret', 'demo-kaikei-secret']]] as Entry[][]);
  return {
    '/oauth/authorize': fc.record({ scope: oneOf(['accounts:read', 'accounts:read balances:read transactions:read', '']), state: junk }).map(({ scope, state }): Entry[] => [
      ['response_type', 'code'],
      ['client_id', 'demo-kaikei'],
      ['redirect_uri', m.redirectUri],
      ['scope', scope],
      ['state', state],
      ['code_challenge', m.codeChallenge],
      ['code_challenge_method', 'S256'],
    ]),
    '/oauth/token': fc.oneof(
      fc.tuple(code, basicOrPost).map(([c, auth]): Entry[] => [['grant_type', 'authorization_code'], ['code', c.code], ['redirect_uri', m.redirectUri], ['code_verifier', c.verifier], ...auth]),
      fc.tuple(oneOf(m.refreshTokens), basicOrPost).map(([token, auth]): Entry[] => [['grant_type', 'refresh_token'], ['refresh_token', token], ...auth]),
    ),
    '/oauth/revoke': fc.tuple(oneOf([...m.accessTokens, ...m.refreshTokens]), oneOf(['access_token', 'refresh_token', ''])).map(([token, hint]): Entry[] => [['token', token], ['token_type_hint', hint]]),
    '/oauth/introspect': oneOf([...m.accessTokens, ...m.refreshTokens]).map((token): Entry[] => [['token', token]]),
    '/oauth/par': fc.constant<Entry[]>([['response_type', 'code'], ['client_id', 'demo-kaikei'], ['redirect_uri', m.redirectUri], ['code_challenge', m.codeChallenge], ['code_challenge_method', 'S256'], ['scope', 'accounts:read']]),
    '/api/v1/transactions': fc.record({ dateFrom: oneOf(['2026-01-01', '']), limit: oneOf(['1', '100', '500', '501']) }).map(({ dateFrom, limit }): Entry[] => [['dateFrom', dateFrom], ['limit', limit]]),
  };
}

const NAMES = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'request_uri', 'grant_type', 'code', 'code_verifier', 'refresh_token', 'client_secret', 'client_assertion', 'client_assertion_type', 'token', 'token_type_hint', 'dateFrom', 'dateTo', 'limit', 'nextItemKey'];

const extraEntry: fc.Arbitrary<Entry> = fc.tuple(
  fc.oneof({ weight: 4, arbitrary: oneOf(NAMES) }, { weight: 2, arbitrary: oneOf([...RESERVED, '', 'a[]', 'scope[]', '$ACTION_ID_x']) }, { weight: 1, arbitrary: fc.string({ maxLength: 80 }) }),
  junk,
);

type Mutation =
  | { kind: 'none' }
  | { kind: 'drop'; at: number }
  | { kind: 'replace'; at: number; value: string }
  | { kind: 'repeat'; at: number }
  | { kind: 'add'; entries: Entry[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.nat().map((at) => ({ kind: 'drop' as const, at })) },
  { weight: 4, arbitrary: fc.tuple(fc.nat(), junk).map(([at, value]) => ({ kind: 'replace' as const, at, value })) },
  { weight: 1, arbitrary: fc.nat().map((at) => ({ kind: 'repeat' as const, at })) },
  { weight: 3, arbitrary: fc.array(extraEntry, { minLength: 1, maxLength: 3 }).map((entries) => ({ kind: 'add' as const, entries })) },
);

function mutate(entries: Entry[], m: Mutation): Entry[] {
  const out = [...entries];
  const at = 'at' in m && out.length > 0 ? m.at % out.length : -1;
  if (m.kind === 'drop' && at >= 0) out.splice(at, 1);
  if (m.kind === 'replace' && at >= 0) out[at] = [out[at]![0], m.value];
  if (m.kind === 'repeat' && at >= 0) out.push(out[at]!);
  if (m.kind === 'add') out.push(...m.entries);
  return out;
}

/** The baseline through up to `most` mutations; "none" keeps it valid. */
function mutatedEntries(base: fc.Arbitrary<Entry[]>, most: number, untouched = 0): fc.Arbitrary<Entry[]> {
  const step = fc.oneof({ weight: untouched, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: mutation });
  return fc.tuple(base, fc.array(untouched > 0 ? step : mutation, { minLength: 1, maxLength: most })).map(([entries, mutations]) => mutations.reduce(mutate, entries));
}

/** Percent-encoded pairs, raw pairs (broken escapes and all), or a JSON object. */
const encoding = oneOf(['form', 'form', 'form', 'form', 'raw', 'json'] as const);

function encode(entries: Entry[], how: 'form' | 'raw' | 'json'): string {
  if (how === 'json') return JSON.stringify(Object.fromEntries(entries));
  if (how === 'raw') return entries.map(([k, v]) => `${k}=${v}`).join('&');
  return new URLSearchParams(entries).toString();
}

/** A request line may hold only visible ASCII; escape the rest, keep %, & and = as sent. */
function queryText(text: string): string {
  return text.replace(/[^\x21-\x7e]/gu, (char) => {
    try {
      return encodeURIComponent(char);
    } catch {
      return '%EF%BF%BD'; // a lone surrogate
    }
  });
}

/** Mostly the credentials the endpoint takes (Basic for OAuth, Bearer for the API), often not. */
function authorization(m: FuzzMaterial, posts: boolean): fc.Arbitrary<string | undefined> {
  const base64ish = fc.string({ maxLength: 24, unit: oneOf([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=']) });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: posts ? 6 : 1, arbitrary: oneOf(m.basic) },
    { weight: posts ? 1 : 6, arbitrary: oneOf(m.accessTokens).map((t) => `Bearer ${t}`) },
    { weight: 2, arbitrary: base64ish.map((v) => `Basic ${v}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }).map((v) => `Basic ${Buffer.from(v).toString('base64')}`) },
    { weight: 1, arbitrary: headerText(60).map((v) => `Bearer ${v}`) },
    { weight: 1, arbitrary: oneOf(['Basic', 'Bearer', 'Basic abcde', 'basic ZGVtby1rYWlrZWk6', 'Bearer  x', 'DPoP abc', 'Bearer a b', `Bearer ${'A'.repeat(8000)}`]) },
    { weight: 1, arbitrary: headerText(60) },
  );
}

function accountPath(target: string, accountId: string): string | undefined {
  if (target === '/api/v1/balances') return `/api/v1/accounts/${accountId}/balances`;
  if (target === '/api/v1/transactions') return `/api/v1/accounts/${accountId}/transactions`;
  return undefined;
}

function pathOf(target: string, m: FuzzMaterial): fc.Arbitrary<string> {
  const accountId = fc.oneof(
    { weight: 4, arbitrary: oneOf(m.accountIds) },
    { weight: 1, arbitrary: oneOf(['%', '%ZZ', '%E0%A4%A', '..', '%2e%2e', '%2F', 'x'.repeat(3000), '%00', '__proto__']) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map(queryText) },
  );
  if (accountPath(target, '') !== undefined) return accountId.map((id) => accountPath(target, id)!);
  return fc.oneof({ weight: 8, arbitrary: fc.constant(target) }, { weight: 1, arbitrary: oneOf([`${target}/`, `/${target}`, `${target}%00`, target.toUpperCase()]) });
}

const TARGETS = ['/oauth/authorize', ...OAUTH_POST, '/.well-known/oauth-authorization-server', '/api/v1/accounts', '/api/v1/balances', '/api/v1/transactions', '/api/v1/openapi.json'];

interface Draft {
  path: string;
  method: string;
  entries: Entry[];
  how: 'form' | 'raw' | 'json';
  inBody: boolean;
  contentType: string | null;
  authorization: string | undefined;
  oversized: number | null;
  extraHeader: [string, string] | null;
}

/** Everything about the request may be wrong. */
function wildDraft(target: string, m: FuzzMaterial, base: fc.Arbitrary<Entry[]>, posts: boolean): fc.Arbitrary<Draft> {
  return fc.record({
    path: pathOf(target, m),
    method: fc.oneof({ weight: 6, arbitrary: fc.constant(posts ? 'POST' : 'GET') }, { weight: 1, arbitrary: oneOf(METHODS) }),
    entries: mutatedEntries(base, 3),
    how: encoding,
    inBody: chance(posts ? 0.9 : 0.1),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant(posts ? 'application/x-www-form-urlencoded' : null) },
      { weight: 3, arbitrary: oneOf(CONTENT_TYPES) },
      { weight: 1, arbitrary: headerText(40) },
    ),
    authorization: authorization(m, posts),
    oversized: sometimes(fc.integer({ min: 16_000, max: 70_000 }), 0.03),
    extraHeader: sometimes(fc.tuple(oneOf(['X-Forwarded-For', 'DPoP', 'Origin', 'Cookie', 'Accept']), headerText(80)), 0.15),
  });
}

/** A well-formed request with at most one mutated parameter, so the run reaches the grants themselves. */
function carefulDraft(target: string, m: FuzzMaterial, base: fc.Arbitrary<Entry[]>, posts: boolean): fc.Arbitrary<Draft> {
  const record = fc.record({ entries: mutatedEntries(base, 1, 3), token: oneOf(m.accessTokens), accountId: oneOf(m.accountIds) });
  return record.map(({ entries, token, accountId }) => {
    const postCredentials = entries.some(([name]) => name === 'client_secret');
    const authorization = posts ? (postCredentials ? undefined : m.basic[0]) : target.startsWith('/api/') ? `Bearer ${token}` : undefined;
    return {
      path: accountPath(target, accountId) ?? target,
      method: posts ? 'POST' : 'GET',
      entries,
      how: 'form' as const,
      inBody: posts,
      contentType: posts ? 'application/x-www-form-urlencoded' : null,
      authorization,
      oversized: null,
      extraHeader: null,
    };
  });
}

export function fuzzRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const base = baselines(m);
  return fc.tuple(oneOf(TARGETS), chance(0.25)).chain(([target, careful]) => {
    const posts = OAUTH_POST.includes(target);
    const baseline = base[target] ?? fc.constant([]);
    return (careful ? carefulDraft : wildDraft)(target, m, baseline, posts).map(toRequest);
  });
}

function toRequest(r: Draft): FuzzRequest {
  const text = encode(r.entries, r.how) + (r.oversized ? `&pad=${'y'.repeat(r.oversized)}` : '');
  const sendBody = r.inBody && r.method !== 'GET' && r.method !== 'HEAD';
  const headers: Record<string, string> = {};
  if (r.contentType !== null) headers['Content-Type'] = r.contentType;
  if (r.authorization !== undefined) headers.Authorization = r.authorization;
  if (r.extraHeader) headers[r.extraHeader[0]] = r.extraHeader[1];
  const query = sendBody || text === '' ? '' : `?${queryText(text)}`;
  return { method: r.method, path: `${r.path}${query}`, headers, ...(sendBody ? { body: text } : {}) };
}
