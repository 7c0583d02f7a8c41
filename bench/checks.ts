// Checks that go with the figures: the query plans of the hot statements on the benchmark
// database, and that every refresh token a client was given survived the server's kill.
/* eslint-disable no-restricted-syntax -- query plans and durability are read from the benchmark's SQLite file */
import Database from 'better-sqlite3';
import type { Db } from '@/db/client';
import { sha256Hex } from '@/lib/crypto';
import { apiQueries } from '@/server/api/statements';
import type { Durability } from './targets';

export function printPlans(db: Db, log: (message: string) => void): void {
  for (const name of ['accessToken', 'linkedAccount', 'balanceAsOf', 'movementsPage'] as const) {
    const sql = apiQueries[name](db).toSQL().sql;
    const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => null)) as { detail: string }[];
    log(`  plan ${name}: ${plan.map((row) => row.detail).join(' | ')}`);
  }
}

/** Of the tokens a client holds (acknowledged in a 200), how many the database lacks. */
export function checkDurability(file: string, tokens: string[]): Durability {
  const db = new Database(file, { readonly: true });
  try {
    const live = db.prepare(`SELECT 1 FROM tokens WHERE token_hash = ? AND kind = 'refresh' AND rotated_at IS NULL AND revoked_at IS NULL`);
    const missing = tokens.filter((token) => !live.get(sha256Hex(token))).length;
    return { acknowledged: tokens.length, missing };
  } finally {
    db.close();
  }
}

/** Our transactions-page statement, for the plain query server (bench/limit-server.ts). */
export function pageQuerySql(db: Db): string {
  const query = apiQueries.movementsPage(db).toSQL();
  const names = query.params.map((param: unknown) => (param as { name?: string }).name).join(',');
  // limit-server.ts binds positionally in this order.
  if (names !== 'accountId,afterDate,afterId,dateTo,limit') throw new Error(`movementsPage parameters changed: ${names}`);
  return query.sql;
}
