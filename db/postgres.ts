// The PostgreSQL store: one node-postgres pool per process, drizzle over it, and the
// committed PostgreSQL migrations (db/migrations-pg, from db/schema.pg.ts).
import { is } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDatabase } from 'drizzle-orm/pg-core';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import path from 'node:path';
import pg from 'pg';
import type { Db } from './client';
import * as schema from './schema.pg';

export const PG_MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations-pg');

// int8 arrives as a string by default; every bigint we store (Unix ms, identities, counts)
// is far below 2^53, so a number is exact.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A pool of `max` connections; PostgreSQL keeps synchronous_commit on (security.md). */
export function openPostgres(url: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle connection that the server drops must not take the process down with it.
  pool.on('error', (error) => console.error('PostgreSQL pool:', error.message));
  return drizzle(pool, { schema }) as unknown as Db;
}

// Asked several times per request (every prepared statement, every transaction): drizzle's
// is() walks the prototype chain each time, so the answer is kept per handle.
const storeKinds = new WeakMap<object, boolean>();

/** True for the PostgreSQL store and for its transactions' handles (both are drizzle PgDatabases). */
export function isPostgres(db: object): boolean {
  let postgres = storeKinds.get(db);
  if (postgres === undefined) {
    postgres = is(db, PgDatabase);
    storeKinds.set(db, postgres);
  }
  return postgres;
}

/** The store's pool (drizzle keeps it as $client; Next.js's bundle and the start script share the store, not this module). */
export function poolOf(db: object): pg.Pool {
  if (!isPostgres(db)) throw new Error('not a PostgreSQL store');
  return (db as unknown as { $client: pg.Pool }).$client;
}

/** Any number of processes may start at once: an advisory lock lets one migrate at a time. */
const MIGRATION_LOCK = 7_100_007;

export async function migratePostgres(db: Db): Promise<void> {
  const client = await poolOf(db).connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client, { schema }), { migrationsFolder: PG_MIGRATIONS_FOLDER });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

export async function closePostgres(db: Db): Promise<void> {
  await poolOf(db).end();
}
