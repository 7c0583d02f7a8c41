// Readiness of a PostgreSQL store (readiness.ts): one short transaction on a pooled
// connection that reads the migrations table, asks whether the transaction may write (a hot
// standby or default_transaction_read_only says no), and takes a transaction id, so that its
// COMMIT is a real one written to the server's WAL. Changes no row.
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { shippedMigrations, type MigrationStamp } from '@/db/migration-state';
import { PG_MIGRATIONS_FOLDER } from '@/db/postgres';
import { rowsOfSql } from '@/db/prepared';
import { writeTransaction } from '../write-transaction';
import type { NotReadyReason, Readiness, ReadinessOptions } from './readiness';

/** drizzle's PostgreSQL migrator keeps its journal in this schema and table. */
const MIGRATIONS_TABLE = 'drizzle.__drizzle_migrations';

class ProbeTimeout extends Error {}

/** SQLSTATE codes (postgresql.org/docs/current/errcodes-appendix.html) to our reasons. */
function reasonOf(error: unknown): NotReadyReason {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === '25006') return 'database_read_only'; // read_only_sql_transaction
  if (code === '53100') return 'disk_full';
  if (code === '3D000') return 'database_missing'; // invalid_catalog_name
  if (code === '42P01') return 'migrations_pending'; // undefined_table
  if (code === '55P03' || code === '57014') return 'database_busy'; // lock_not_available, query_canceled (timeout)
  return 'database_unreachable';
}

function migrationReason(applied: MigrationStamp[], shipped: MigrationStamp[]): NotReadyReason | null {
  if (applied.length > shipped.length) return 'migrations_mismatch';
  if (!applied.every((row, i) => row.hash === shipped[i]!.hash && row.createdAt === shipped[i]!.createdAt)) return 'migrations_mismatch';
  return applied.length === shipped.length ? null : 'migrations_pending';
}

async function probeOnce(db: Db, shipped: MigrationStamp[], busyTimeoutMs: number): Promise<Readiness> {
  return writeTransaction(db, async (tx) => {
    // A lock held by another session must not hold the probe for long.
    await rowsOfSql(tx, sql`select set_config('lock_timeout', ${`${busyTimeoutMs}ms`}, true)`);
    const [table] = await rowsOfSql<{ present: boolean }>(tx, sql`select to_regclass(${MIGRATIONS_TABLE}) is not null as present`);
    if (!table?.present) return { ready: false, reason: 'migrations_pending' };
    const applied = await rowsOfSql<{ hash: string; createdAt: number | string }>(
      tx,
      sql`select hash, created_at as "createdAt" from ${sql.raw(MIGRATIONS_TABLE)} order by created_at`,
    );
    const migrations = migrationReason(
      applied.map((row) => ({ hash: row.hash, createdAt: Number(row.createdAt) })),
      shipped,
    );
    if (migrations) return { ready: false, reason: migrations };
    const [mode] = await rowsOfSql<{ readOnly: string }>(tx, sql`select current_setting('transaction_read_only') as "readOnly"`);
    if (mode?.readOnly === 'on') return { ready: false, reason: 'database_read_only' };
    await rowsOfSql(tx, sql`select txid_current()`);
    return { ready: true };
  });
}

export function createPostgresReadinessProbe(db: Db, options: ReadinessOptions = {}): () => Promise<Readiness> {
  const shipped = options.shipped ?? shippedMigrations(PG_MIGRATIONS_FOLDER);
  const busyTimeoutMs = options.busyTimeoutMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 2000;
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    // A server that does not answer (or a pool with no free connection) must not hang /readyz.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProbeTimeout()), timeoutMs);
    });
    try {
      return await Promise.race([probeOnce(db, shipped, busyTimeoutMs), timeout]);
    } catch (error) {
      return { ready: false, reason: error instanceof ProbeTimeout ? 'database_unreachable' : reasonOf(error) };
    } finally {
      clearTimeout(timer);
    }
  };
}
