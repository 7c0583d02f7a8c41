import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { accounts, auditEvents, partners, tokens, transactions } from '@/db/schema';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { jstDate } from '@/lib/jst';
import { revokeGrant } from '@/server/grants';
import { callApi } from '@/test/api-client';
import { createLinkage, type Linkage } from '@/test/linkage-fixture';
import { createTempDb } from '@/test/temp-db';
import { createPartnerApi, type PartnerApi } from './partner-api';

const temp = createTempDb();
let seed: DemoSeed;
let api: PartnerApi;
let linkage: Linkage;
let linked: string;
let notLinked: string;
let otherCompany: string;

beforeAll(async () => {
  seed = await seedDemo(temp.db);
  api = createPartnerApi(temp.db);
  linked = seed.accountIds['2222222']!;
  notLinked = seed.accountIds['1111111']!;
  otherCompany = seed.accountIds['3000001']!;
  linkage = newLinkage();
});
afterAll(() => temp.cleanup());

function newLinkage(overrides: Partial<Parameters<typeof createLinkage>[1]> = {}): Linkage {
  return createLinkage(temp.db, {
    companyId: seed.companyIds.tsunagu01,
    userId: seed.userIds.tsunagu01,
    partnerId: seed.partnerIds['demo-kaikei']!,
    accountIds: [linked, seed.accountIds['2000002']!],
    ...overrides,
  });
}

function expectInvalidToken(call: Awaited<ReturnType<typeof callApi>>) {
  expect(call.status).toBe(401);
  expect(call.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  expect(call.body.errorCode).toBe('invalid_token');
  expect(call.body.errorMessage).toMatch(/アクセストークンが無効です/);
}

describe('GET /api/v1/accounts', () => {
  it('lists only the accounts of the linkage, in the documented shape', async () => {
    const call = await callApi(api, '/api/v1/accounts', linkage.accessToken);
    expect(call.status).toBe(200);
    expect(call.headers.get('cache-control')).toBe('no-store');
    const list = call.body.accounts as Record<string, unknown>[];
    expect(list.map((a) => a.accountNumber)).toEqual(['2000002', '2222222']);
    expect(list[1]).toEqual({
      accountId: linked,
      branchCode: '202',
      branchName: 'インターネット支店',
      accountTypeCode: '1',
      accountTypeName: '普通',
      accountNumber: '2222222',
      accountNameKana: 'ﾂﾅｸﾞｼﾖｳｼﾞ(ｶ',
      currencyCode: 'JPY',
    });
  });

  it('refuses a query parameter the endpoint does not define', async () => {
    const call = await callApi(api, '/api/v1/accounts?page=2', linkage.accessToken);
    expect(call.status).toBe(400);
    expect(call.body.errorCode).toBe('invalid_parameter');
  });
});

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
    const expired = newLinkage({ now: past, accessExpiresAt: new Date(Date.now() - 1000) });
    expectInvalidToken(await callApi(api, '/api/v1/accounts', expired.accessToken));
  });

  it('answers 401 for a revoked access token while the linkage lives on', async () => {
    const other = newLinkage();
    temp.db.update(tokens).set({ revokedAt: new Date() }).where(and(eq(tokens.grantId, other.grantId), eq(tokens.kind, 'access'))).run();
    expectInvalidToken(await callApi(api, '/api/v1/accounts', other.accessToken));
  });

  it('answers 401 once the linkage has expired, even for an unexpired token', async () => {
    const ended = newLinkage({ grantExpiresAt: new Date(Date.now() - 1000) });
    expectInvalidToken(await callApi(api, '/api/v1/accounts', ended.accessToken));
  });

  it('answers 401 once the linkage is revoked', async () => {
    const other = newLinkage();
    expect((await callApi(api, '/api/v1/accounts', other.accessToken)).status).toBe(200);
    temp.db.transaction((tx) => revokeGrant(tx, other.grantId, 'customer_revoked'));
    expectInvalidToken(await callApi(api, `/api/v1/accounts/${linked}/balances`, other.accessToken));
  });

  it('answers 401 while the partner is suspended', async () => {
    const feedId = seed.partnerIds['demo-feed']!;
    const feed = newLinkage({ partnerId: feedId });
    temp.db.update(partners).set({ status: 'suspended' }).where(eq(partners.id, feedId)).run();
    try {
      expectInvalidToken(await callApi(api, `/api/v1/accounts/${linked}/transactions`, feed.accessToken));
    } finally {
      temp.db.update(partners).set({ status: 'active' }).where(eq(partners.id, feedId)).run();
    }
    expect((await callApi(api, '/api/v1/accounts', feed.accessToken)).status).toBe(200);
  });
});

describe('scopes', () => {
  it('answers 403 insufficient_scope naming the scope the endpoint needs', async () => {
    const narrow = newLinkage({ scopes: ['accounts:read', 'balances:read'] });
    const call = await callApi(api, `/api/v1/accounts/${linked}/transactions`, narrow.accessToken);
    expect(call.status).toBe(403);
    expect(call.body.errorCode).toBe('insufficient_scope');
    expect(call.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="transactions:read"');
  });

  it('never lets a token carry a scope its linkage does not hold', async () => {
    const widened = newLinkage({ scopes: ['balances:read'], tokenScopes: ['balances:read', 'accounts:read'] });
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

describe('GET /api/v1/accounts/{accountId}/balances', () => {
  it('derives balance and previous-day balance from the movements, in JST', async () => {
    const call = await callApi(api, `/api/v1/accounts/${linked}/balances`, linkage.accessToken);
    expect(call.status).toBe(200);
    const today = jstDate();
    const latest = (date: string) =>
      temp.db
        .select({ balance: transactions.balance, date: transactions.transactionDate })
        .from(transactions)
        .where(eq(transactions.accountId, linked))
        .orderBy(desc(transactions.transactionDate), desc(transactions.id))
        .all()
        .find((row) => row.date <= date)!.balance;
    const yesterday = new Date(`${today}T00:00:00Z`);
    yesterday.setUTCDate(yesterday.getUTCDate() - 1);
    expect(call.body).toEqual({
      accountId: linked,
      balance: latest(today),
      withdrawableAmount: latest(today),
      previousDayBalance: latest(yesterday.toISOString().slice(0, 10)),
      baseDate: today,
      baseTime: expect.stringMatching(/^\d{2}:\d{2}:\d{2}\+09:00$/),
    });
    expect(Number.isInteger(call.body.balance)).toBe(true);
  });

  it('refuses query parameters', async () => {
    const call = await callApi(api, `/api/v1/accounts/${linked}/balances?dateFrom=2025-01-01`, linkage.accessToken);
    expect(call.status).toBe(400);
  });
});

describe('transactions parameters', () => {
  const today = jstDate();
  const path = (query: string) => `/api/v1/accounts/${linked}/transactions?${query}`;
  const shifted = (days: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  it('answers today only when no dates are given', async () => {
    const call = await callApi(api, path(''), linkage.accessToken);
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({ accountId: linked, currencyCode: 'JPY', dateFrom: today, dateTo: today, baseDate: today });
    for (const item of call.body.transactions as { transactionDate: string }[]) expect(item.transactionDate).toBe(today);
  });

  it.each([
    ['a date not in YYYY-MM-DD', 'dateFrom=2025-1-01', 'invalid_date'],
    ['a day that does not exist', 'dateFrom=2025-02-30', 'invalid_date'],
    ['a date in the future', `dateTo=${shifted(1)}`, 'invalid_date'],
    ['dateFrom after dateTo', `dateFrom=${shifted(-3)}&dateTo=${shifted(-4)}`, 'invalid_date_range'],
    ['a range of 367 days', `dateFrom=${shifted(-366)}&dateTo=${today}`, 'invalid_date_range'],
    ['a date before the kept history', `dateFrom=${shifted(-420)}&dateTo=${shifted(-400)}`, 'date_before_history'],
    ['limit 0', 'limit=0', 'invalid_limit'],
    ['limit 501', 'limit=501', 'invalid_limit'],
    ['a fractional limit', 'limit=1.5', 'invalid_limit'],
    ['a negative limit', 'limit=-1', 'invalid_limit'],
    ['a limit with a leading zero', 'limit=050', 'invalid_limit'],
    ['a nextItemKey that is not base64url', 'nextItemKey=abc%21def', 'invalid_next_item_key'],
    ['a made-up nextItemKey', `nextItemKey=${Buffer.from('{"v":1,"k":"nope","f":"x","t":"y"}').toString('base64url')}`, 'invalid_next_item_key'],
    ['an oversized nextItemKey', `nextItemKey=${'a'.repeat(600)}`, 'invalid_next_item_key'],
    ['an unknown parameter', 'dateFrom=2025-01-01&sort=desc', 'invalid_parameter'],
    ['a repeated parameter', `limit=10&limit=20`, 'invalid_parameter'],
    ['an oversized query', `x=${'a'.repeat(3000)}`, 'invalid_parameter'],
  ])('answers 400 for %s', async (_name, query, errorCode) => {
    const call = await callApi(api, path(query), linkage.accessToken);
    expect(call.status).toBe(400);
    expect(call.body.errorCode).toBe(errorCode);
    expect(typeof call.body.errorMessage).toBe('string');
  });

  it('accepts a range of exactly 366 days and limits of 1 and 500', async () => {
    expect((await callApi(api, path(`dateFrom=${shifted(-365)}&dateTo=${today}&limit=500`), linkage.accessToken)).status).toBe(200);
    const one = await callApi(api, path(`dateFrom=${shifted(-30)}&limit=1`), linkage.accessToken);
    expect(one.status).toBe(200);
    expect(one.body.count).toBe(1);
  });

  it('refuses a nextItemKey issued for another account or another period', async () => {
    const from = shifted(-60);
    const first = await callApi(api, path(`dateFrom=${from}&limit=2`), linkage.accessToken);
    const key = first.body.nextItemKey as string;
    expect(key).toBeTruthy();
    const otherAccount = seed.accountIds['2000002']!;
    for (const call of [
      await callApi(api, `/api/v1/accounts/${otherAccount}/transactions?dateFrom=${from}&limit=2&nextItemKey=${key}`, linkage.accessToken),
      await callApi(api, path(`dateFrom=${shifted(-59)}&limit=2&nextItemKey=${key}`), linkage.accessToken),
      await callApi(api, path(`dateFrom=${from}&dateTo=${shifted(-1)}&limit=2&nextItemKey=${key}`), linkage.accessToken),
      await callApi(api, path(`dateFrom=${from}&limit=2&nextItemKey=${key}A`), linkage.accessToken),
    ]) {
      expect(call.status).toBe(400);
      expect(call.body.errorCode).toBe('invalid_next_item_key');
    }
    expect((await callApi(api, path(`dateFrom=${from}&limit=2&nextItemKey=${key}`), linkage.accessToken)).status).toBe(200);
  });
});

describe('rate limit per linkage', () => {
  it('answers 429 with Retry-After once a linkage spends its allowance, and only that linkage', async () => {
    const limited = createPartnerApi(temp.db, {
      limits: { perLinkage: { burst: 3, perSecond: 0.5 }, failedAuthPerSource: { burst: 100, perSecond: 1 } },
    });
    const busy = newLinkage();
    const calm = newLinkage();
    for (let i = 0; i < 3; i++) expect((await callApi(limited, '/api/v1/accounts', busy.accessToken)).status).toBe(200);
    const refused = await callApi(limited, '/api/v1/accounts', busy.accessToken);
    expect(refused.status).toBe(429);
    expect(refused.body.errorCode).toBe('too_many_requests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await callApi(limited, '/api/v1/accounts', calm.accessToken)).status).toBe(200);
  });

  it('slows down a source that keeps presenting refused tokens', async () => {
    const limited = createPartnerApi(temp.db, {
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

describe('audit trail', () => {
  it('records every read with partner, linkage, account, range and result, and never the token', async () => {
    const audited = newLinkage();
    const from = jstDate(new Date(Date.now() - 7 * 86_400_000));
    await callApi(api, `/api/v1/accounts/${linked}/transactions?dateFrom=${from}`, audited.accessToken, { 'User-Agent': 'demo-kaikei/1.0' });
    await callApi(api, `/api/v1/accounts/${notLinked}/balances`, audited.accessToken);
    const rows = temp.db.select().from(auditEvents).where(eq(auditEvents.grantId, audited.grantId)).all();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      event: 'api.read',
      outcome: 'success',
      actorType: 'partner',
      partnerId: seed.partnerIds['demo-kaikei'],
      companyId: seed.companyIds.tsunagu01,
      accountId: linked,
      userAgent: 'demo-kaikei/1.0',
      detail: { endpoint: 'transactions', status: 200, dateFrom: from, dateTo: jstDate(), count: expect.any(Number) },
    });
    expect(rows[1]).toMatchObject({ outcome: 'failure', accountId: notLinked, detail: { endpoint: 'balances', status: 404, errorCode: 'account_not_found' } });
    expect(JSON.stringify(rows)).not.toContain(audited.accessToken);
  });

  it('records refused tokens too', async () => {
    const before = temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'api.read')).all().length;
    await callApi(api, '/api/v1/accounts', 'unknown-token');
    const after = temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'api.read')).orderBy(desc(auditEvents.id)).all();
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ outcome: 'failure', actorType: 'anonymous', detail: { status: 401, errorCode: 'invalid_token' } });
  });
});

describe('unexpected failures', () => {
  it('answers a bare 500 without stack, SQL or ids', async () => {
    const broken = createTempDb();
    const brokenApi = createPartnerApi(broken.db);
    broken.db.$client.close();
    try {
      const call = await callApi(brokenApi, '/api/v1/accounts', linkage.accessToken);
      expect(call.status).toBe(500);
      expect(call.body).toEqual({ errorCode: 'internal_error', errorMessage: expect.stringMatching(/システムエラー/) });
    } finally {
      broken.cleanup();
    }
  });
});

it('keeps the demo accounts intact (reads change nothing)', () => {
  expect(temp.db.select().from(accounts).all()).toHaveLength(6);
});
