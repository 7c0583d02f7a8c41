import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER } from '@/db/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import { seedDemo } from '@/db/seed/demo';
import { runScript, startPartnerServerProcess } from '@/test/server-process';
import { onPostgres } from '@/test/temp-db';
import { backupDatabase } from './backup';
import { restoreDatabase } from './restore';

// Real server and script processes start slowly on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-restore-'));
const backup = path.join(dir, 'backup.db');
let serial = 0;

// SQLite files only: PostgreSQL is restored with pg_restore (operations.md).
beforeAll(async () => {
  if (onPostgres) return;
  const source = path.join(dir, 'source.db');
  const db = openDatabase(source);
  await seedDemo(db);
  db.$client.close();
  await backupDatabase(source, backup);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A live-looking database that is not the backup: one table with one marker row. */
function existingTarget(): string {
  const target = path.join(dir, `target-${++serial}.db`);
  const connection = new Database(target);
  connection.pragma('journal_mode = WAL');
  connection.exec("CREATE TABLE marker (x); INSERT INTO marker VALUES ('before restore')");
  connection.close();
  return target;
}

/** A database whose process committed into the WAL and died before any checkpoint. */
async function crashedTarget(): Promise<string> {
  const target = existingTarget();
  const writer = spawn(process.execPath, [
    '-e',
    `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(target)});
     d.pragma('wal_autocheckpoint = 0'); d.exec("INSERT INTO marker VALUES ('in the WAL only')"); console.log('done'); setInterval(() => {}, 1000);`,
  ]);
  await new Promise((resolve) => writer.stdout.once('data', resolve));
  writer.kill('SIGKILL');
  await new Promise((resolve) => writer.once('exit', resolve));
  expect(fs.statSync(`${target}-wal`).size).toBeGreaterThan(0);
  return target;
}

function expectTheBackupAt(target: string) {
  const restored = openDatabase(target);
  expect(restored.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(restored.$client.prepare("SELECT name FROM sqlite_master WHERE name = 'marker'").get()).toBeUndefined();
  expect((restored.$client.prepare('SELECT count(*) AS n FROM partners').get() as { n: number }).n).toBe(10);
  restored.$client.close();
  expect(strays()).toEqual([]);
}

const digest = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const strays = () => fs.readdirSync(dir).filter((name) => name.endsWith('.tmp') || name.includes('.tmp-'));

function copyOfBackup(name: string, change: (connection: Database.Database) => void): string {
  const file = path.join(dir, name);
  fs.copyFileSync(backup, file);
  const connection = new Database(file);
  change(connection);
  connection.close();
  return file;
}

function expectRefused(file: string, code: string) {
  const target = existingTarget();
  const before = digest(target);
  expect(() => restoreDatabase(file, target)).toThrow(expect.objectContaining({ code }));
  expect(digest(target)).toBe(before);
  expect(strays()).toEqual([]);
}

describe.skipIf(onPostgres)('restoreDatabase', () => {
  it('puts the backup in place of a database whose server died, and the result is the backup', async () => {
    const target = await crashedTarget();
    const summary = restoreDatabase(backup, target);
    expect(summary.migrations).toBe(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length);
    expectTheBackupAt(target);
  });

  it('drops the -wal left beside a removed database instead of replaying it into the backup', async () => {
    const target = await crashedTarget();
    fs.rmSync(target);
    expect(fs.statSync(`${target}-wal`).size).toBeGreaterThan(0);
    restoreDatabase(backup, target);
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
    expectTheBackupAt(target);
  });

  it('refuses a file that is not an SQLite database, and changes nothing', () => {
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, Buffer.alloc(64 * 1024, 7));
    expectRefused(junk, 'not_a_database');
  });

  it('refuses a backup whose index no longer matches its table, which quick_check would pass', () => {
    const damaged = copyOfBackup('damaged.db', (connection) => {
      connection.unsafeMode(true);
      connection.pragma('writable_schema = ON');
      connection.prepare("UPDATE sqlite_master SET sql = 'CREATE INDEX `accounts_company` ON `accounts` (`number`)' WHERE name = 'accounts_company'").run();
    });
    const check = new Database(damaged, { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).toBe('ok');
    check.close();
    expectRefused(damaged, 'integrity_check_failed');
  });

  it('refuses a truncated backup', () => {
    const truncated = path.join(dir, 'truncated.db');
    fs.writeFileSync(truncated, fs.readFileSync(backup).subarray(0, Math.floor(fs.statSync(backup).size / 2)));
    expectRefused(truncated, 'integrity_check_failed');
  });

  it('refuses an SQLite database that is not a Tsunagu database', () => {
    const foreign = path.join(dir, 'foreign.db');
    const connection = new Database(foreign);
    connection.exec('CREATE TABLE notes (body TEXT)');
    connection.close();
    expectRefused(foreign, 'not_tsunagu');
  });

  it('refuses a backup holding migrations this version does not ship', () => {
    const newer = copyOfBackup('newer.db', (connection) => {
      connection.exec("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-a-newer-version', 9999999999999)");
    });
    expectRefused(newer, 'unknown_migrations');
  });

  it('refuses a database that a connection of this process has open', () => {
    const target = existingTarget();
    const open = new Database(target);
    open.prepare('SELECT count(*) FROM marker').get();
    try {
      expect(() => restoreDatabase(backup, target)).toThrow(expect.objectContaining({ code: 'database_in_use' }));
    } finally {
      open.close();
    }
  });
});

describe.skipIf(onPostgres)('npm run db:restore', () => {
  it('refuses the database of a running server, which keeps serving it, and restores once it stopped', async () => {
    const target = path.join(dir, 'served.db');
    openDatabase(target).$client.close();
    const server = await startPartnerServerProcess(target);
    try {
      const refused = await runScript('scripts/db-restore.ts', [backup], { env: { DATABASE_PATH: target } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is open/);
      expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
      const check = new Database(target, { readonly: true });
      expect((check.prepare('SELECT count(*) AS n FROM partners').get() as { n: number }).n).toBe(0);
      check.close();
    } finally {
      await server.stop('SIGKILL');
    }
    // A killed server leaves its -wal and -shm behind but no lock: the restore goes ahead.
    const restored = await runScript('scripts/db-restore.ts', [backup], { env: { DATABASE_PATH: target } });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/integrity_check ok/);
    const check = new Database(target, { readonly: true });
    expect((check.prepare('SELECT count(*) AS n FROM partners').get() as { n: number }).n).toBe(10);
    check.close();
  });

  it('refuses with DATABASE_URL set and points to pg_restore', async () => {
    const target = existingTarget();
    const before = digest(target);
    const refused = await runScript('scripts/db-restore.ts', [backup], { env: { DATABASE_PATH: target, DATABASE_URL: 'postgres://localhost/tsunagu' } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/pg_restore/);
    expect(digest(target)).toBe(before);
  });
});
