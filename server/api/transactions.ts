// GET /api/v1/accounts/{accountId}/transactions (partner-api.md): oldest first by date
// then movement, keyset-paged through nextItemKey (cursor.ts).
import { jstDate, jstTime } from '@/lib/jst';
import { encodeCursor, resolveCursor } from './cursor';
import { SerializedJson } from './http';
import { resolveDateRange } from './date-range';
import { requireLinkedAccount } from './linked-account';
import type { Endpoint } from './pipeline';
import { parseQuery, transactionsQuerySchema } from './query-params';
import type { ApiStatements } from './statements';

export const DEFAULT_PAGE_SIZE = 100;

export function transactionsEndpoint(statements: ApiStatements): Endpoint {
  return {
    name: 'transactions',
    scope: 'transactions:read',
    run: async ({ url, caller, now, accountId, audit }) => {
      const query = parseQuery(url, transactionsQuerySchema);
      const range = resolveDateRange(query, now);
      Object.assign(audit, range);
      await requireLinkedAccount(statements, caller, accountId);
      const position = query.nextItemKey
        ? await resolveCursor(statements, query.nextItemKey, accountId, range)
        : { afterDate: range.dateFrom, afterId: 0 };
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      // One row more than asked tells whether another page follows; each row is one
      // movement's JSON as the store wrote it (statements.ts).
      const rows = await statements.movementsPage({ accountId, ...position, dateTo: range.dateTo, limit: limit + 1 });
      const hasNext = rows.length > limit;
      const page = hasNext ? rows.slice(0, limit) : rows;
      const last = page[page.length - 1];
      audit.count = page.length;
      const head = JSON.stringify({
        accountId,
        currencyCode: 'JPY',
        dateFrom: range.dateFrom,
        dateTo: range.dateTo,
        baseDate: jstDate(now),
        baseTime: `${jstTime(now)}+09:00`,
        hasNext,
        // Only the last movement's itemKey is needed, so only that JSON is read back.
        ...(hasNext && last ? { nextItemKey: encodeCursor((JSON.parse(last.json) as { itemKey: string }).itemKey, range) } : {}),
        count: page.length,
      });
      return new SerializedJson(`${head.slice(0, -1)},"transactions":[${page.map((row) => row.json).join(',')}]}`);
    },
  };
}
