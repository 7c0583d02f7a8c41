import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { accounts, auditEvents, transactions } from '@/db/schema';
import type { DemoSeed } from '@/db/seed/demo';
import { jstDate } from '@/lib/jst';
import { callApi } from '@/test/api-client';
import { createApiTestBed, type ApiTestBed } from '@/test/api-test-bed';
import type { Linkage, LinkageInput } from '@/test/linkage-fixture';
import type { PartnerApi } from './partner-api';

// What the endpoints answer (partner-api.md "Account-data API"), their parameter checks and
// the audit entry every call leaves.
const bed = {} as ApiTestBed;
let seed: DemoSeed;
let api: PartnerApi;
let linkage: Linkage;
let linked: string;
let notLinked: string;
const newLinkage = (overrides?: Partial<LinkageInput>) => bed.newLinkage(overrides);

beforeAll(async () => {
  Object.assign(bed, await createApiTestBed());
  ({ seed, api, linkage, linked, notLinked } = bed);
});
afterAll(() => bed.cleanup());

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

  it.each(['__proto__', 'constructor'])('refuses a query parameter named %s with invalid_parameter', async (name) => {
    const call = await callApi(api, `/api/v1/accounts?${name}=x`, linkage.accessToken);
    expect(call.status).toBe(400);
    expect(call.body.errorCode).toBe('invalid_parameter');
    const tx = await callApi(api, `/api/v1/accounts/${linked}/transactions?limit=5&${name}=x`, linkage.accessToken);
    expect(tx.body.errorCode).toBe('invalid_parameter');
  });
});

describe('GET /api/v1/accounts/{accountId}/balances', () => {
  it('derives balance and previous-day balance from the movements, in JST', async () => {
    const call = await callApi(api, `/api/v1/accounts/${linked}/balances`, linkage.accessToken);
    expect(call.status).toBe(200);
    const today = jstDate();
    const movements = await bed.db
      .select({ balance: transactions.balance, date: transactions.transactionDate })
      .from(transactions)
      .where(eq(transactions.accountId, linked))
      .orderBy(desc(transactions.transactionDate), desc(transactions.id));
    const latest = (date: string) => movements.find((row) => row.date <= date)!.balance;
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

describe('audit trail', () => {
  it('records every read with partner, linkage, account, range and result, and never the token', async () => {
    const audited = await newLinkage();
    const from = jstDate(new Date(Date.now() - 7 * 86_400_000));
    await callApi(api, `/api/v1/accounts/${linked}/transactions?dateFrom=${from}`, audited.accessToken, { 'User-Agent': 'demo-kaikei/1.0' });
    await callApi(api, `/api/v1/accounts/${notLinked}/balances`, audited.accessToken);
    const rows = await bed.db.select().from(auditEvents).where(eq(auditEvents.grantId, audited.grantId));
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
    const before = (await bed.db.select().from(auditEvents).where(eq(auditEvents.event, 'api.read'))).length;
    await callApi(api, '/api/v1/accounts', 'unknown-token');
    const after = await bed.db.select().from(auditEvents).where(eq(auditEvents.event, 'api.read')).orderBy(desc(auditEvents.id));
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ outcome: 'failure', actorType: 'anonymous', detail: { status: 401, errorCode: 'invalid_token' } });
  });
});

it('keeps the demo accounts intact (reads change nothing)', async () => {
  expect(await bed.db.select().from(accounts)).toHaveLength(6);
});
