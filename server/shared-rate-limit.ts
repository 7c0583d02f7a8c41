// Rate limits that hold across every process on the store (issue 7): a limit of N per minute
// allows N per minute in total, not N per node. On PostgreSQL the token buckets live in the
// UNLOGGED table rate_limit_buckets (db/migrations-pg): one atomic upsert per decision, so two
// nodes taking from the same bucket serialize on its row; unlogged, because a bucket lost in
// a crash only refills early and is not worth a WAL flush per request. On SQLite, which runs
// on one machine, each process keeps its buckets in memory (lib/rate-limit.ts), as before.
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { rowsOfSql, type Awaitable } from '@/db/prepared';
import { isPostgres } from '@/db/postgres';
import { RateLimiter, type RateLimitResult } from '@/lib/rate-limit';

export interface Limiter {
  consume(key: string, now?: number): Awaitable<RateLimitResult>;
}

export class SharedRateLimiter implements Limiter {
  constructor(
    private readonly db: Db,
    /** Which limit (the bucket keys of different limits never meet). */
    private readonly name: string,
    private readonly capacity: number,
    private readonly refillPerSecond: number,
  ) {}

  async consume(key: string, now = Date.now()): Promise<RateLimitResult> {
    const { capacity, refillPerSecond: rate } = this;
    // The bucket as it stands now: refilled for the time since its last use, never past capacity.
    const refilled = sql`least(${capacity}::float8, b.tokens + greatest(0, ${now}::bigint - b.updated_at) / 1000.0 * ${rate}::float8)`;
    const [row] = await rowsOfSql<{ allowed: boolean; tokens: number }>(
      this.db,
      sql`insert into rate_limit_buckets as b (key, tokens, updated_at, allowed)
          values (${`${this.name}:${key}`}, ${capacity - 1}::float8, ${now}::bigint, true)
          on conflict (key) do update set
            tokens = case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end,
            updated_at = greatest(b.updated_at, ${now}::bigint),
            allowed = ${refilled} >= 1
          returning allowed, tokens`,
    );
    if (row!.allowed) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - row!.tokens) / rate)) };
  }
}

/** The limit on this store: shared by all processes on PostgreSQL, per process on SQLite. */
export function storeRateLimiter(db: Db, name: string, capacity: number, refillPerSecond: number): Limiter {
  return isPostgres(db) ? new SharedRateLimiter(db, name, capacity, refillPerSecond) : new RateLimiter(capacity, refillPerSecond);
}
