import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { transactions } from '@/db/schema';
import { addDays, jstDate } from '@/lib/jst';
import { callApi } from '@/test/api-client';
import { createApiTestBed, ROOMY_LIMITS, type ApiTestBed } from '@/test/api-test-bed';
import type { Linkage } from '@/test/linkage-fixture';
import { historyStart, MAX_RANGE_DAYS } from './date-range';
import type { PartnerApi } from './partner-api';

interface Item {
  itemKey: string;
  transactionDate: string;
  valueDate: string;
  transactionType: '1' | '2';
  amount: number;
  remarks: string;
  balance: number;
}

const bed = {} as ApiTestBed;
let api: PartnerApi;
let linkage: Linkage;
/** 2000002 and 2222222, both in the linkage. */
let accountId: string;
let otherAccountId: string;

beforeAll(async () => {
  Object.assign(bed, await createApiTestBed({ limits: ROOMY_LIMITS }));
  ({ api, linkage } = bed);
  accountId = bed.seed.accountIds['2000002']!;
  otherAccountId = bed.linked;
});
afterAll(() => bed.cleanup());

async function walk(account: string, dateFrom: string, dateTo: string, limit: number, between?: (page: number) => Promise<void>) {
  const items: Item[] = [];
  let key: string | undefined;
  let pages = 0;
  do {
    const query = new URLSearchParams({ dateFrom, dateTo, limit: String(limit), ...(key ? { nextItemKey: key } : {}) });
    const call = await callApi(api, `/api/v1/accounts/${account}/transactions?${query}`, linkage.accessToken);
    expect(call.status).toBe(200);
    const page = call.body.transactions as Item[];
    expect(call.body.count).toBe(page.length);
    expect(page.length).toBeLessThanOrEqual(limit);
    expect(call.body.hasNext).toBe('nextItemKey' in call.body);
    if (call.body.hasNext) expect(page).toHaveLength(limit);
    items.push(...page);
    key = call.body.nextItemKey as string | undefined;
    pages += 1;
    await between?.(pages);
  } while (key);
  return { items, pages };
}

async function stored(account: string, dateFrom: string, dateTo: string) {
  return bed.db
    .select()
    .from(transactions)
    .where(and(eq(transactions.accountId, account), gte(transactions.transactionDate, dateFrom), lte(transactions.transactionDate, dateTo)))
    .orderBy(asc(transactions.transactionDate), asc(transactions.id));
}

function expectBalancesAddUp(items: Item[]) {
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    expect(item.balance).toBe(items[i - 1]!.balance + (item.transactionType === '1' ? item.amount : -item.amount));
  }
}

describe('paging through nextItemKey', () => {
  it('walks 13 months of one account and returns every movement exactly once, in order, with balances that add up', async () => {
    const today = jstDate();
    const start = historyStart(today);
    // The longest range one request may cover is 366 days, so 13 months take two ranges.
    const firstEnd = addDays(start, MAX_RANGE_DAYS - 1);
    const first = await walk(accountId, start, firstEnd, 97);
    const second = await walk(accountId, addDays(firstEnd, 1), today, 97);
    const items = [...first.items, ...second.items];

    const expected = await stored(accountId, start, today);
    expect(expected.length).toBeGreaterThan(13 * 20);
    expect(first.pages).toBeGreaterThan(2);
    expect(items.map((i) => i.itemKey)).toEqual(expected.map((row) => row.itemKey));
    expect(new Set(items.map((i) => i.itemKey)).size).toBe(items.length);
    expectBalancesAddUp(items);
    const row = expected[5]!;
    expect(items[5]).toEqual({
      itemKey: row.itemKey,
      transactionDate: row.transactionDate,
      valueDate: row.valueDate,
      transactionType: row.type,
      amount: row.amount,
      remarks: row.remarks,
      balance: row.balance,
    });
    for (const item of items) {
      expect(Number.isInteger(item.amount) && Number.isInteger(item.balance)).toBe(true);
      expect(item.remarks).toMatch(/^[\uff61-\uff9f0-9A-Z ()]+$/);
      expect(item.transactionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('continues correctly when a page ends in the middle of a day', async () => {
    const busyDay = addDays(jstDate(), -20);
    const base = (await stored(accountId, '0000-01-01', addDays(busyDay, -1))).at(-1)!.balance;
    // Five movements on one day, inserted after the later days already exist: ids are
    // out of date order, yet paging stays in (date, id) order.
    const rows = Array.from({ length: 5 }, (_, i) => ({
      accountId,
      itemKey: `test-busy-${i}`,
      transactionDate: busyDay,
      valueDate: busyDay,
      transactionTime: `1${i}:00:00`,
      type: '1' as const,
      amount: 1000,
      remarks: 'ﾃｽﾄ',
      balance: base + 1000 * (i + 1),
    }));
    await bed.db.insert(transactions).values(rows);
    const sameDay = await stored(accountId, busyDay, busyDay);
    expect(sameDay.length).toBeGreaterThanOrEqual(6);
    const { items, pages } = await walk(accountId, busyDay, busyDay, 2);
    expect(pages).toBe(Math.ceil(sameDay.length / 2));
    expect(items.map((i) => i.itemKey)).toEqual(sameDay.map((r) => r.itemKey));
  });

  it('never skips or repeats a movement when new movements arrive between pages', async () => {
    const other = otherAccountId;
    const today = jstDate();
    const from = addDays(today, -40);
    const before = await stored(other, from, today);
    let balance = before.at(-1)!.balance;
    const added: string[] = [];
    const { items } = await walk(other, from, today, 10, async (page) => {
      if (page > 2) return;
      balance += 500;
      const itemKey = `test-arrival-${page}`;
      await bed.db
        .insert(transactions)
        .values({ accountId: other, itemKey, transactionDate: today, valueDate: today, transactionTime: '23:59:59', type: '1', amount: 500, remarks: 'ﾌﾘｺﾐ ﾃｽﾄ', balance });
      added.push(itemKey);
    });
    const keys = items.map((i) => i.itemKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...before.map((r) => r.itemKey), ...added]);
    expectBalancesAddUp(items);
  });

  it('keeps itemKey the same for a movement on every request', async () => {
    const from = addDays(jstDate(), -10);
    const a = await walk(accountId, from, jstDate(), 500);
    const b = await walk(accountId, from, jstDate(), 3);
    expect(b.items.map((i) => i.itemKey)).toEqual(a.items.map((i) => i.itemKey));
  });
});
