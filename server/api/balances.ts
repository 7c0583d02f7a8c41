// GET /api/v1/accounts/{accountId}/balances (partner-api.md). Balances come from the
// movements: the latest one up to today (JST), and the latest one before today. There is
// no overdraft facility in this model, so withdrawableAmount equals the balance for every
// account type, 当座 included.
import { addDays, jstDate, jstTime } from '@/lib/jst';
import { requireLinkedAccount } from './linked-account';
import type { Endpoint } from './pipeline';
import { emptyQuerySchema, parseQuery } from './query-params';
import type { ApiStatements } from './statements';

export function balancesEndpoint(statements: ApiStatements): Endpoint {
  return {
    name: 'balances',
    scope: 'balances:read',
    run: async ({ url, caller, now, accountId }) => {
      parseQuery(url, emptyQuerySchema);
      await requireLinkedAccount(statements, caller, accountId);
      const today = jstDate(now);
      const balance = (await statements.balanceAsOf({ accountId, date: today }))?.balance ?? 0;
      const previousDayBalance = (await statements.balanceAsOf({ accountId, date: addDays(today, -1) }))?.balance ?? 0;
      return {
        accountId,
        balance,
        withdrawableAmount: balance,
        previousDayBalance,
        baseDate: today,
        baseTime: `${jstTime(now)}+09:00`,
      };
    },
  };
}
