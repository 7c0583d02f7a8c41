import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { partners, tokens } from '@/db/schema';
import type { DemoSeed } from '@/db/seed/demo';
import { revokeGrant } from '@/server/grants';
import { writeTransaction } from '@/server/write-transaction';
import { callApi } from '@/test/api-client';
import { createApiTestBed, type ApiTestBed } from '@/test/api-test-bed';
import type { Linkage, LinkageInput } from '@/test/linkage-fixture';
import { createTempDb, onPostgres } from '@/test/temp-db';
import { createPartnerApi, type PartnerApi } from './partner-api';

// Who may read what (security.md "Account-data API"): tokens, linkages, partners, scopes,
// accounts, rate limits, and what an unexpected failure shows.
const bed = {} as ApiTestBed;
let seed: DemoSeed;
let api: PartnerApi;
let linkage: Linkage;
let linked: string;
let notLinked: string;
let otherCompany: string;
const newLinkage = (overrides?: Partial<LinkageInput>) => bed.newLinkage(overrides);

beforeAll(async () => {
  Object.assign(bed, await createApiTestBed());
  ({ seed, api, linkage, linked, notLinked, otherCompany } = bed);
});
afterAll(() => bed.cleanup());

function expectInvalidToken(call: Awaited<ReturnType<typeof callApi>>) {
  expect(call.status).toBe(401);
  expect(call.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  expect(call.body.errorCode).toBe('invalid_token');
  expect(call.body.errorMessage).toMatch(/アクセストークンが無効です/);
}

describe('bearer token checks', () => {
  it('answers 401 invalid_token without a token', async () => {
    expectInvalidToken(await callApi(api, '/api/v1/accounts', null));
  });

  it.each([
    ['another scheme', `Basic ${Buffer.from('demo-kaikei:demo-kaikei-secret').toString('base64')}`],
    ['the scheme alone', 'Bearer'],
    ['two tokens', 'Bearer abc def'],
    ['characters outside b64token', 'Bearer abc<def>'],
    ['an oversized token', `Bearer ${'a'.repeat(600)}`],
  ])('answers 401 invalid_token for a malformed header: %s', async (_name, header) => {
    expectInvalidToken(await callApi(api, '/api/v1/accounts', null, { Authorization: header }));
  });

  it('answers 401 for an unknown token', async () => {
    expectInvalidToken(await callApi(api, '/api/v1/accounts', 'x'.repeat(43)));
  });

  it('answers 401 for a refresh token presented as an access token', async () => {
    expectInvalidToken(await callApi(api, '/api/v1/accounts', linkage.refreshToken));
  });

  it('answers 401 for an expired access token', async () => {
    const past = new Date(Date.now() - 2 * 3_600_000);
    const expired = await newLinkage({ now: past, accessExpiresAt: new Date(Date.now() - 1000) });
    expectInvalidToken(await callApi(api, '/api/v1/accounts', expired.accessToken));
  });

  it('answers 401 for a revoked access token while the linkage lives on', async () => {
    const other = await newLinkage();
    await bed.db.update(tokens).set({ revokedAt: new Date() }).where(and(eq(tokens.grantId, other.grantId), eq(tokens.kind, 'access')));
    expectInvalidToken(await callApi(api, '/api/v1/accounts', other.accessToken));
  });

  it('answers 401 once the linkage has expired, even for an unexpired token', async () => {
    const ended = await newLinkage({ grantExpiresAt: new Date(Date.now() - 1000) });
    expectInvalidToken(await callApi(api, '/api/v1/accounts', ended.accessToken));
  });

  it('answers 401 once the linkage is revoked', async () => {
    const other = await newLinkage();
    expect((await callApi(api, '/api/v1/accounts', other.accessToken)).status).toBe(200);
    await writeTransaction(bed.db, (tx) => revokeGrant(tx, other.grantId, 'customer_revoked'));
    expectInvalidToken(await callApi(api, `/api/v1/accounts/${linked}/balances`, other.accessToken));
  });

  it('answers 401 while the partner is suspended', async () => {
    const feedId = seed.partnerIds['demo-feed']!;
    const feed = await newLinkage({ partnerId: feedId });
    await bed.db.update(partners).set({ status: 'suspended' }).where(eq(partners.id, feedId));
    try {
      expectInvalidToken(await callApi(api, `/api/v1/accounts/${linked}/transactions`, feed.accessToken));
    } finally {
      await bed.db.update(partners).set({ status: 'active' }).where(eq(partners.id, feedId));
    }
    expect((await callApi(api, '/api/v1/accounts', feed.accessToken)).status).toBe(200);
  });
});

describe('scopes', () => {
  it('answers 403 insufficient_scope naming the scope the endpoint needs', async () => {
    const narrow = await newLinkage({ scopes: ['accounts:read', 'balances:read'] });
    const call = await callApi(api, `/api/v1/accounts/${linked}/transactions`, narrow.accessToken);
    expect(call.status).toBe(403);
    expect(call.body.errorCode).toBe('insufficient_scope');
    expect(call.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="transactions:read"');
  });

  it('never lets a token carry a scope its linkage does not hold', async () => {
    const widened = await newLinkage({ scopes: ['balances:read'], tokenScopes: ['balances:read', 'accounts:read'] });
    expect((await callApi(api, '/api/v1/accounts', widened.accessToken)).status).toBe(403);
    expect((await callApi(api, `/api/v1/accounts/${linked}/balances`, widened.accessToken)).status).toBe(200);
  });
});

describe('accounts outside the linkage', () => {
  it.each([
    ['an account of another company', () => otherCompany],
    ['an account of the same company outside the linkage', () => notLinked],
    ['an unknown account id', () => 'acc_doesnotexist'],
    ['a malformed account id', () => 'acc%20x%27'],
  ])('answers the same 404 for %s', async (_name, id) => {
    for (const endpoint of ['balances', 'transactions']) {
      const call = await callApi(api, `/api/v1/accounts/${id()}/${endpoint}`, linkage.accessToken);
      expect(call.status).toBe(404);
      expect(call.body).toEqual({ errorCode: 'account_not_found', errorMessage: '指定された口座は存在しないか、連携の対象ではありません。' });
    }
  });
});

describe('rate limit per linkage', () => {
  it('answers 429 with Retry-After once a linkage spends its allowance, and only that linkage', async () => {
    const limited = createPartnerApi(bed.db, {
      limits: { perLinkage: { burst: 3, perSecond: 0.5 }, failedAuthPerSource: { burst: 100, perSecond: 1 } },
    });
    const busy = await newLinkage();
    const calm = await newLinkage();
    for (let i = 0; i < 3; i++) expect((await callApi(limited, '/api/v1/accounts', busy.accessToken)).status).toBe(200);
    const refused = await callApi(limited, '/api/v1/accounts', busy.accessToken);
    expect(refused.status).toBe(429);
    expect(refused.body.errorCode).toBe('too_many_requests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await callApi(limited, '/api/v1/accounts', calm.accessToken)).status).toBe(200);
  });

  it('slows down a source that keeps presenting refused tokens', async () => {
    const limited = createPartnerApi(bed.db, {
      limits: { perLinkage: { burst: 100, perSecond: 1 }, failedAuthPerSource: { burst: 2, perSecond: 0.1 } },
    });
    const from = { 'X-Forwarded-For': '203.0.113.9' };
    expect((await callApi(limited, '/api/v1/accounts', 'bad', from)).status).toBe(401);
    expect((await callApi(limited, '/api/v1/accounts', 'bad', from)).status).toBe(401);
    const slowed = await callApi(limited, '/api/v1/accounts', 'bad', from);
    expect(slowed.status).toBe(429);
    expect(slowed.headers.get('retry-after')).toBe('10');
  });
});

describe('unexpected failures', () => {
  // Breaks the store by closing the SQLite connection under the API (the pool's equivalent on
  // PostgreSQL would also end the temp database's cleanup).
  it.skipIf(onPostgres)('answers a bare 500 without stack, SQL or ids', async () => {
    const broken = await createTempDb();
    const brokenApi = createPartnerApi(broken.db);
    broken.db.$client.close(); // eslint-disable-line no-restricted-syntax -- a SQLite test: the store fails under the API
    try {
      const call = await callApi(brokenApi, '/api/v1/accounts', linkage.accessToken);
      expect(call.status).toBe(500);
      expect(call.body).toEqual({ errorCode: 'internal_error', errorMessage: expect.stringMatching(/システムエラー/) });
    } finally {
      await broken.cleanup();
    }
  });
});
