import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { apiQueries } from './statements';

let temp: TempDb;
beforeAll(async () => {
  temp = await createTempDb();
});
afterAll(() => temp?.cleanup());

function planOf(sql: string): string {
  // eslint-disable-next-line no-restricted-syntax -- SQLite's own plans (EXPLAIN QUERY PLAN)
  const rows = temp.db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => null)) as {
    detail: string;
  }[];
  return rows.map((row) => row.detail).join('\n');
}

// The plans are SQLite's (EXPLAIN QUERY PLAN and its index names).
describe.skipIf(onPostgres)('query plans of the account-data API', () => {
  const plan = (name: keyof typeof apiQueries) => planOf(apiQueries[name](temp.db).toSQL().sql);

  it('finds a token by its hash through primary keys only', () => {
    const text = plan('accessToken');
    expect(text).toMatch(/SEARCH tokens USING INDEX sqlite_autoindex_tokens_1 \(token_hash=\?\)/);
    expect(text).toMatch(/SEARCH grants USING INDEX sqlite_autoindex_grants_1 \(id=\?\)/);
    expect(text).not.toMatch(/SCAN/);
  });

  // SQLite seeks to the cursor's date and checks the id within that one day.
  it('reads a page of movements as one range of the (account, date, id) index, with no sort', () => {
    const text = plan('movementsPage');
    expect(text).toMatch(/SEARCH transactions USING INDEX transactions_account_date_id \(account_id=\? AND transaction_date>\? AND transaction_date<\?\)/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });

  it('finds the latest balance with one step of the same index', () => {
    const text = plan('balanceAsOf');
    expect(text).toMatch(/SEARCH transactions USING INDEX transactions_account_date_id \(account_id=\? AND transaction_date<\?\)/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });

  it('resolves a nextItemKey through the unique index on item_key', () => {
    expect(plan('movementByItemKey')).toMatch(/SEARCH transactions USING INDEX transactions_item_key_unique \(item_key=\?\)/);
  });

  it('checks an account against the linkage by primary keys', () => {
    const text = plan('linkedAccount');
    expect(text).not.toMatch(/SCAN/);
    expect(plan('linkedAccounts')).toMatch(/SEARCH grant_accounts USING (COVERING )?INDEX sqlite_autoindex_grant_accounts_1 \(grant_id=\?\)/);
  });
});
