import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import fs from 'node:fs';
import type { Db } from '@/db/client';
import * as schema from '@/db/schema';
import { createTempDb } from '@/test/temp-db';
import { createReadinessProbe } from './readiness';

const temps: ReturnType<typeof createTempDb>[] = [];
const others: Database.Database[] = [];
afterEach(() => {
  for (const other of others.splice(0)) other.close();
  for (const temp of temps.splice(0)) temp.cleanup();
});

function freshDb() {
  const temp = createTempDb();
  temps.push(temp);
  return temp;
}

function otherConnection(file: string, options?: Database.Options): Database.Database {
  const connection = new Database(file, options);
  others.push(connection);
  return connection;
}

const walSize = (file: string) => fs.statSync(`${file}-wal`).size;

describe('the readiness probe', () => {
  it('reports ready on a migrated, writable database and leaves its data as it was', () => {
    const { db, file } = freshDb();
    db.$client.pragma('user_version = 7');
    const before = walSize(file);
    expect(createReadinessProbe(db)()).toEqual({ ready: true });
    expect(db.$client.pragma('user_version', { simple: true })).toBe(7);
    // It did commit (one more WAL frame): a probe that only takes the lock proves nothing.
    expect(walSize(file)).toBeGreaterThan(before);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('reports migrations_pending when an applied migration is missing from the database', () => {
    const { db, file } = freshDb();
    const probe = createReadinessProbe(db);
    otherConnection(file).exec('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)');
    expect(probe()).toEqual({ ready: false, reason: 'migrations_pending' });
  });

  it('reports migrations_mismatch when the database holds a migration this code does not ship', () => {
    const { db, file } = freshDb();
    const probe = createReadinessProbe(db);
    otherConnection(file).exec("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('f00d', 9999999999999)");
    expect(probe()).toEqual({ ready: false, reason: 'migrations_mismatch' });
  });

  it('reports database_read_only for a connection that cannot write, though it can read', () => {
    const { file } = freshDb();
    const readOnly = drizzle(otherConnection(file, { readonly: true }), { schema }) as Db;
    expect(createReadinessProbe(readOnly)()).toEqual({ ready: false, reason: 'database_read_only' });
  });

  it('reports database_missing when the file is removed under the open connection', () => {
    const { db, file } = freshDb();
    const probe = createReadinessProbe(db);
    for (const name of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(name, { force: true });
    // SQLite itself keeps writing into the deleted file without complaint.
    expect(() => db.$client.exec('CREATE TABLE t (x)')).not.toThrow();
    expect(probe()).toEqual({ ready: false, reason: 'database_missing' });
  });

  it('reports database_replaced when another file has taken the database path', () => {
    const { db, file } = freshDb();
    const probe = createReadinessProbe(db);
    fs.copyFileSync(file, `${file}.copy`);
    fs.renameSync(`${file}.copy`, file);
    expect(probe()).toEqual({ ready: false, reason: 'database_replaced' });
  });

  it('reports database_busy within a short wait while another process holds the write lock', () => {
    const { db, file } = freshDb();
    const writer = otherConnection(file);
    writer.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    expect(createReadinessProbe(db, { busyTimeoutMs: 50 })()).toEqual({ ready: false, reason: 'database_busy' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(db.$client.inTransaction).toBe(false);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    writer.exec('ROLLBACK');
  });

  it('reports disk_full when the file system has less free space than the floor', () => {
    const { db } = freshDb();
    expect(createReadinessProbe(db, { minFreeBytes: Number.MAX_SAFE_INTEGER })()).toEqual({ ready: false, reason: 'disk_full' });
  });

  it('reports database_unreachable when the file is no longer a database', () => {
    const { db, file } = freshDb();
    const probe = createReadinessProbe(db);
    db.$client.close();
    fs.writeFileSync(file, 'not a database');
    const reopened = drizzle(otherConnection(file), { schema }) as Db;
    expect(createReadinessProbe(reopened, {})()).toEqual({ ready: false, reason: 'database_unreachable' });
    expect(probe()).toEqual({ ready: false, reason: 'database_unreachable' });
  });
});
