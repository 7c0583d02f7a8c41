/* eslint-disable no-restricted-syntax -- the SQLite cases break the file and its connection by hand */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import fs from 'node:fs';
import type { Db } from '@/db/client';
import { closePostgres, openPostgres } from '@/db/postgres';
import { runSql } from '@/db/prepared';
import * as schema from '@/db/schema';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { createReadinessProbe } from './readiness';

const temps: TempDb[] = [];
const others: Database.Database[] = [];
const pools: Db[] = [];
afterEach(async () => {
  for (const other of others.splice(0)) other.close();
  for (const pool of pools.splice(0)) await closePostgres(pool);
  for (const temp of temps.splice(0)) await temp.cleanup();
});

async function freshDb() {
  const temp = await createTempDb();
  temps.push(temp);
  return temp;
}

it('reports ready on a migrated, writable store', async () => {
  const { db } = await freshDb();
  expect(await createReadinessProbe(db)()).toEqual({ ready: true });
});

// PostgreSQL: the same reasons, from the server's own state.
describe.runIf(onPostgres)('the readiness probe on PostgreSQL', () => {
  const otherPool = (url: string) => {
    const pool = openPostgres(url, 1);
    pools.push(pool);
    return pool;
  };

  it('reports migrations_pending when an applied migration is missing', async () => {
    const { db } = await freshDb();
    await runSql(db, sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`);
    expect(await createReadinessProbe(db)()).toEqual({ ready: false, reason: 'migrations_pending' });
  });

  it('reports migrations_mismatch when the database holds a migration this code does not ship', async () => {
    const { db } = await freshDb();
    await runSql(db, sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('f00d', 9999999999999)`);
    expect(await createReadinessProbe(db)()).toEqual({ ready: false, reason: 'migrations_mismatch' });
  });

  it('reports database_read_only for a database whose transactions are read-only', async () => {
    const { db, env } = await freshDb();
    await runSql(db, sql.raw(`alter database ${new URL(env.DATABASE_URL!).pathname.slice(1)} set default_transaction_read_only = on`));
    // The setting applies to new sessions.
    expect(await createReadinessProbe(otherPool(env.DATABASE_URL!))()).toEqual({ ready: false, reason: 'database_read_only' });
  });

  it('reports database_missing for a database that does not exist, and database_unreachable for a server that does not answer', async () => {
    const { env } = await freshDb();
    const missing = new URL(env.DATABASE_URL!);
    missing.pathname = '/t_no_such_database';
    expect(await createReadinessProbe(otherPool(missing.toString()))()).toEqual({ ready: false, reason: 'database_missing' });
    const nobody = new URL(env.DATABASE_URL!);
    nobody.port = '1';
    expect(await createReadinessProbe(otherPool(nobody.toString()), { timeoutMs: 1000 })()).toEqual({ ready: false, reason: 'database_unreachable' });
  });
});

// The file, its WAL, its locks and its connection are SQLite's.
describe.skipIf(onPostgres)('the readiness probe on SQLite', () => {
function otherConnection(file: string, options?: Database.Options): Database.Database {
  const connection = new Database(file, options);
  others.push(connection);
  return connection;
}

const walSize = (file: string) => fs.statSync(`${file}-wal`).size;


  it('reports ready on a migrated, writable database and leaves its data as it was', async () => {
    const { db, file } = await freshDb();
    db.$client.pragma('user_version = 7');
    const before = walSize(file);
    expect(await createReadinessProbe(db)()).toEqual({ ready: true });
    expect(db.$client.pragma('user_version', { simple: true })).toBe(7);
    // It did commit (one more WAL frame): a probe that only takes the lock proves nothing.
    expect(walSize(file)).toBeGreaterThan(before);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('reports migrations_pending when an applied migration is missing from the database', async () => {
    const { db, file } = await freshDb();
    const probe = createReadinessProbe(db);
    otherConnection(file).exec('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)');
    expect(await probe()).toEqual({ ready: false, reason: 'migrations_pending' });
  });

  it('reports migrations_mismatch when the database holds a migration this code does not ship', async () => {
    const { db, file } = await freshDb();
    const probe = createReadinessProbe(db);
    otherConnection(file).exec("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('f00d', 9999999999999)");
    expect(await probe()).toEqual({ ready: false, reason: 'migrations_mismatch' });
  });

  it('reports database_read_only for a connection that cannot write, though it can read', async () => {
    const { file } = await freshDb();
    const readOnly = drizzle(otherConnection(file, { readonly: true }), { schema }) as Db;
    expect(await createReadinessProbe(readOnly)()).toEqual({ ready: false, reason: 'database_read_only' });
  });

  it('reports database_missing when the file is removed under the open connection', async () => {
    const { db, file } = await freshDb();
    const probe = createReadinessProbe(db);
    for (const name of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(name, { force: true });
    // SQLite itself keeps writing into the deleted file without complaint.
    expect(() => db.$client.exec('CREATE TABLE t (x)')).not.toThrow();
    expect(await probe()).toEqual({ ready: false, reason: 'database_missing' });
  });

  it('reports database_replaced when another file has taken the database path', async () => {
    const { db, file } = await freshDb();
    const probe = createReadinessProbe(db);
    fs.copyFileSync(file, `${file}.copy`);
    fs.renameSync(`${file}.copy`, file);
    expect(await probe()).toEqual({ ready: false, reason: 'database_replaced' });
  });

  it('reports database_busy within a short wait while another process holds the write lock', async () => {
    const { db, file } = await freshDb();
    const writer = otherConnection(file);
    writer.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    expect(await createReadinessProbe(db, { busyTimeoutMs: 50 })()).toEqual({ ready: false, reason: 'database_busy' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(db.$client.inTransaction).toBe(false);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    writer.exec('ROLLBACK');
  });

  it('reports disk_full when the file system has less free space than the floor', async () => {
    const { db } = await freshDb();
    expect(await createReadinessProbe(db, { minFreeBytes: Number.MAX_SAFE_INTEGER })()).toEqual({ ready: false, reason: 'disk_full' });
  });

  it('reports database_unreachable when the file is no longer a database', async () => {
    const { db, file } = await freshDb();
    const probe = createReadinessProbe(db);
    db.$client.close();
    fs.writeFileSync(file, 'not a database');
    const reopened = drizzle(otherConnection(file), { schema }) as Db;
    expect(await createReadinessProbe(reopened, {})()).toEqual({ ready: false, reason: 'database_unreachable' });
    expect(await probe()).toEqual({ ready: false, reason: 'database_unreachable' });
  });
});
