import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER } from '@/db/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { seedDemo } from '@/db/seed/demo';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { runScript } from '@/test/server-process';
import { backupDatabase } from './backup';

// Real server and script processes start slowly on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let temp: TempDb;
let dir: string;
const counts = (connection: Database.Database) =>
  ['accounts', 'transactions', 'partners', '__drizzle_migrations'].map(
    (table) => (connection.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
  );

// SQLite files only: PostgreSQL is backed up with pg_dump (operations.md).
beforeAll(async () => {
  if (onPostgres) return;
  temp = await createTempDb();
  dir = path.dirname(temp.file);
  await seedDemo(temp.db);
});
afterAll(async () => {
  await temp?.cleanup();
});

describe.skipIf(onPostgres)('backupDatabase', () => {
  it('writes a checked, self-contained copy and leaves no temporary file behind', async () => {
    const destination = path.join(dir, 'copy.db');
    const summary = await backupDatabase(temp.file, destination);
    expect(summary.pages).toBeGreaterThan(10);
    expect(summary.migrations).toBe(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length);
    const copy = new Database(destination, { readonly: true });
    // One file: a rollback-journal database needs no -wal beside it.
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(counts(copy)).toEqual(counts(temp.db.$client));
    copy.close();
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('includes what was committed a moment before, even while it is only in the WAL', async () => {
    temp.db.$client.pragma('wal_autocheckpoint = 0');
    temp.db.$client.exec("UPDATE partners SET service_name = 'バックアップ直前' WHERE client_id = 'demo-feed'");
    const destination = path.join(dir, 'latest.db');
    await backupDatabase(temp.file, destination);
    const copy = new Database(destination, { readonly: true });
    expect(copy.prepare("SELECT service_name FROM partners WHERE client_id = 'demo-feed'").get()).toEqual({ service_name: 'バックアップ直前' });
    copy.close();
  });

  it('refuses to write the backup over the database itself', async () => {
    await expect(backupDatabase(temp.file, temp.file)).rejects.toMatchObject({ code: 'same_file' });
    await expect(backupDatabase(temp.file, `${temp.file}-wal`)).rejects.toMatchObject({ code: 'same_file' });
    expect(counts(temp.db.$client)[0]).toBeGreaterThan(0);
  });

  it('refuses to replace a database file that is open', async () => {
    const other = path.join(dir, 'open.db');
    const connection = new Database(other);
    connection.pragma('journal_mode = WAL');
    connection.exec('CREATE TABLE keep (x)');
    await expect(backupDatabase(temp.file, other)).rejects.toMatchObject({ code: 'database_in_use' });
    expect(connection.prepare("SELECT name FROM sqlite_master WHERE name = 'keep'").get()).toBeDefined();
    connection.close();
  });

  it('refuses when there is no database to copy, and creates nothing', async () => {
    const destination = path.join(dir, 'never.db');
    await expect(backupDatabase(path.join(dir, 'missing.db'), destination)).rejects.toMatchObject({ code: 'source_missing' });
    expect(fs.existsSync(destination)).toBe(false);
  });

  it('as npm run db:backup, prints one line, and with DATABASE_URL points to pg_dump instead', async () => {
    const destination = path.join(dir, 'script.db');
    const done = await runScript('scripts/db-backup.ts', [destination], { env: { DATABASE_PATH: temp.file } });
    expect(done.code).toBe(0);
    expect(done.stdout.trim().split('\n')).toHaveLength(1);
    expect(done.stdout).toMatch(/integrity_check ok/);
    const postgres = await runScript('scripts/db-backup.ts', [path.join(dir, 'pg.db')], { env: { DATABASE_PATH: temp.file, DATABASE_URL: 'postgres://localhost/tsunagu' } });
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toMatch(/pg_dump/);
    expect(fs.existsSync(path.join(dir, 'pg.db'))).toBe(false);
    const usage = await runScript('scripts/db-backup.ts', [], { env: { DATABASE_PATH: temp.file } });
    expect(usage.code).toBe(2);
  });
});
