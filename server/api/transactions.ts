// GET /api/v1/accounts/{accountId}/transactions (partner-api.md): oldest first by date
// then movement, keyset-paged through nextItemKey (cursor.ts).
import { jstDate, jstTime } from '@/lib/jst';
import { encodeCursor, resolveCursor } from './cursor';
import { resolveDateRange } from './date-range';
import { requireLinkedAccount } from './linked-account';
import type { Endpoint } from './pipeline';
import { parseQuery, transactionsQuerySchema } from './query-params';
import type { ApiStatements } from './statements';

export const DEFAULT_PAGE_SIZE = 100;

/** id, itemKey, transactionDate, valueDate, type, amount, remarks, balance (statements.ts). */
type MovementRow = [number, string, string, string, '1' | '2', number, string, number];

export function transactionsEndpoint(statements: ApiStatements): Endpoint {
  return {
    name: 'transactions',
    scope: 'transactions:read',
    run: ({ url, caller, now, accountId, audit }) => {
      const query = parseQuery(url, transactionsQuerySchema);
      const range = resolveDateRange(query, now);
      Object.assign(audit, range);
      requireLinkedAccount(statements, caller, accountId);
      const position = query.nextItemKey
        ? resolveCursor(statements, query.nextItemKey, accountId, range)
        : { afterDate: range.dateFrom, afterId: 0 };
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      // One row more than asked tells whether another page follows. Rows come as arrays in
      // the select's column order: this is the hot path of the API (see bench/).
      const rows = statements.movementsPage.values({ accountId, ...position, dateTo: range.dateTo, limit: limit + 1 }) as MovementRow[];
      const hasNext = rows.length > limit;
      const page = hasNext ? rows.slice(0, limit) : rows;
      const last = page[page.length - 1];
      audit.count = page.length;
      return {
        accountId,
        currencyCode: 'JPY',
        dateFrom: range.dateFrom,
        dateTo: range.dateTo,
        baseDate: jstDate(now),
        baseTime: `${jstTime(now)}+09:00`,
        hasNext,
        ...(hasNext && last ? { nextItemKey: encodeCursor(last[1], range) } : {}),
        count: page.length,
        transactions: page.map(([, itemKey, transactionDate, valueDate, transactionType, amount, remarks, balance]) => ({
          itemKey,
          transactionDate,
          valueDate,
          transactionType,
          amount,
          remarks,
          balance,
        })),
      };
    },
  };
}
