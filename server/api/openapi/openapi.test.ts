import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, jstDate } from '@/lib/jst';
import { createApiTestBed, ROOMY_LIMITS, type ApiTestBed } from '@/test/api-test-bed';
import type { Linkage } from '@/test/linkage-fixture';
import { OpenApiChecker } from '@/test/openapi-conformance';
import { handleBenchBaseline, handleOpenApi } from '../fixed-handlers';
import { createPartnerApi, type PartnerApi } from '../partner-api';

const ORIGIN = 'http://localhost:3000';
const bed = {} as ApiTestBed;
let api: PartnerApi;
let linkage: Linkage;
let checker: OpenApiChecker;
let accountId: string;

const get = (path: string, token: string | null = linkage.accessToken) =>
  new Request(`${ORIGIN}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  Object.assign(bed, await createApiTestBed({ limits: ROOMY_LIMITS }));
  ({ api, linkage, linked: accountId } = bed);
  const response = await handleOpenApi(new Request(`${ORIGIN}/api/v1/openapi.json`));
  checker = new OpenApiChecker((await response.clone().json()) as Record<string, unknown>);
  await checker.check('get', '/api/v1/openapi.json', response);
});
afterAll(() => bed.cleanup());

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the issuer as its server', () => {
    expect(checker.doc.openapi).toBe('3.1.0');
    expect(checker.doc.servers).toEqual([{ url: ORIGIN }]);
  });

  it('describes every path of partner-api.md', () => {
    expect(Object.keys(checker.doc.paths as object).sort()).toEqual(
      [
        '/.well-known/oauth-authorization-server',
        '/api/v1/accounts',
        '/api/v1/accounts/{accountId}/balances',
        '/api/v1/accounts/{accountId}/transactions',
        '/api/v1/openapi.json',
        '/oauth/authorize',
        '/oauth/introspect',
        '/oauth/par',
        '/oauth/revoke',
        '/oauth/token',
      ].sort(),
    );
  });

  it.each([
    'Bearer error="invalid_token"',
    'DPoP error="invalid_token", algs="ES256 PS256 EdDSA"',
    'DPoP error="invalid_dpop_proof", algs="ES256 PS256 EdDSA"',
    'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof", algs="ES256 PS256 EdDSA"',
    'Bearer error="invalid_token", DPoP algs="ES256 PS256 EdDSA"',
  ])('documents the 401 challenge %s (partner-api.md, RFC 9449 §7.1)', async (challenge) => {
    const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'WWW-Authenticate': challenge };
    const body = JSON.stringify({ errorCode: 'invalid_token', errorMessage: 'x' });
    await checker.check('get', '/api/v1/accounts', new Response(body, { status: 401, headers }));
  });

  it('refuses an undocumented 401 challenge', async () => {
    const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'WWW-Authenticate': 'DPoP error="invalid_token", algs="RS256"' };
    const response = new Response(JSON.stringify({ errorCode: 'invalid_token', errorMessage: 'x' }), { status: 401, headers });
    await expect(checker.check('get', '/api/v1/accounts', response)).rejects.toThrow(/WWW-Authenticate/);
  });

  it('resolves every $ref it contains', () => {
    const refs = JSON.stringify(checker.doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) {
      const path = ref.slice(10, -1).replace(/^#\//, '').split('/');
      let node: unknown = checker.doc;
      for (const key of path) node = (node as Record<string, unknown>)?.[key];
      expect(node, ref).toBeTruthy();
    }
  });
});

describe('real account-data responses agree with the document', () => {
  const tx = (query = '') => `/api/v1/accounts/${accountId}/transactions${query}`;

  it('accounts: 200, 400, 401', async () => {
    await checker.check('get', '/api/v1/accounts', await api.accounts(get('/api/v1/accounts')));
    await checker.check('get', '/api/v1/accounts', await api.accounts(get('/api/v1/accounts?x=1')));
    await checker.check('get', '/api/v1/accounts', await api.accounts(get('/api/v1/accounts', null)));
  });

  it('balances: 200, 403, 404', async () => {
    const path = '/api/v1/accounts/{accountId}/balances';
    await checker.check('get', path, await api.balances(get(`/api/v1/accounts/${accountId}/balances`), { accountId }));
    const narrow = await bed.newLinkage({ scopes: ['accounts:read'] });
    await checker.check('get', path, await api.balances(get(`/api/v1/accounts/${accountId}/balances`, narrow.accessToken), { accountId }));
    await checker.check('get', path, await api.balances(get('/api/v1/accounts/acc_x/balances'), { accountId: 'acc_x' }));
  });

  it('transactions: a page with nextItemKey, the last page, and errors', async () => {
    const path = '/api/v1/accounts/{accountId}/transactions';
    const from = addDays(jstDate(), -30);
    const first = await api.transactions(get(tx(`?dateFrom=${from}&limit=5`)), { accountId });
    const body = (await first.clone().json()) as { hasNext: boolean; nextItemKey: string; count: number };
    expect(body.hasNext).toBe(true);
    expect(body.count).toBe(5);
    await checker.check('get', path, first);
    const rest = await api.transactions(get(tx(`?dateFrom=${from}&limit=500&nextItemKey=${body.nextItemKey}`)), { accountId });
    expect(((await rest.clone().json()) as { hasNext: boolean }).hasNext).toBe(false);
    await checker.check('get', path, rest);
    await checker.check('get', path, await api.transactions(get(tx('?limit=0')), { accountId }));
    await checker.check('get', path, await api.transactions(get(tx(), 'nope'), { accountId }));
  });

  it('429 carries Retry-After as documented', async () => {
    const tight = createPartnerApi(bed.db, {
      limits: { perLinkage: { burst: 1, perSecond: 0.01 }, failedAuthPerSource: { burst: 10, perSecond: 1 } },
    });
    await tight.accounts(get('/api/v1/accounts'));
    const refused = await tight.accounts(get('/api/v1/accounts'));
    expect(refused.status).toBe(429);
    await checker.check('get', '/api/v1/accounts', refused);
  });
});

describe('the conformance check itself', () => {
  it('fails a response whose body disagrees with the document', async () => {
    const real = (await (await api.balances(get(`/api/v1/accounts/${accountId}/balances`), { accountId })).json()) as Record<string, unknown>;
    const tampered = Response.json({ ...real, balance: String(real.balance) }, { headers: { 'Cache-Control': 'no-store' } });
    await expect(checker.check('get', '/api/v1/accounts/{accountId}/balances', tampered)).rejects.toThrow(/balance/);
  });

  it('fails an undocumented status and a missing required header', async () => {
    await expect(checker.check('get', '/api/v1/accounts', Response.json({}, { status: 418 }))).rejects.toThrow(/status not documented/);
    const noChallenge = Response.json({ errorCode: 'invalid_token', errorMessage: 'x' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
    await expect(checker.check('get', '/api/v1/accounts', noChallenge)).rejects.toThrow(/WWW-Authenticate/);
  });

  it('keeps the benchmark baseline off unless BENCH_BASELINE=1', async () => {
    expect((await handleBenchBaseline(get('/api/v1/bench-baseline'))).status).toBe(404);
  });
});
