// Readiness of this process's store (operations.md /readyz): reachable, migrated with exactly
// the migrations this code ships, and writable right now. Each failure is a fixed code, never
// an error message (no paths, URLs or SQL leave the process; security.md). What "writable"
// takes differs by store: readiness.sqlite.ts and readiness-postgres.ts.
import type { Db } from '@/db/client';
import type { MigrationStamp } from '@/db/migration-state';
import { isPostgres } from '@/db/postgres';
import { createPostgresReadinessProbe } from './readiness-postgres';
import { createSqliteReadinessProbe } from './readiness.sqlite';

export type NotReadyReason =
  | 'database_unreachable'
  | 'database_missing'
  | 'database_replaced'
  | 'migrations_pending'
  | 'migrations_mismatch'
  | 'database_read_only'
  | 'database_busy'
  | 'disk_full';

export type Readiness = { ready: true } | { ready: false; reason: NotReadyReason };

export interface ReadinessOptions {
  shipped?: MigrationStamp[];
  /** SQLite: below this much free space the next WAL growth would fail (about one WAL of 1,000 pages). */
  minFreeBytes?: number;
  /** How long the probe waits for another writer's lock (SQLite: the event loop waits too). */
  busyTimeoutMs?: number;
  /** PostgreSQL: a probe that has not answered by then reports database_unreachable. */
  timeoutMs?: number;
}

/** The readiness of `db`, checked afresh on every call (callers cache it). */
export function createReadinessProbe(db: Db, options: ReadinessOptions = {}): () => Promise<Readiness> {
  if (isPostgres(db)) return createPostgresReadinessProbe(db, options);
  const probe = createSqliteReadinessProbe(db, options);
  return async () => probe();
}
