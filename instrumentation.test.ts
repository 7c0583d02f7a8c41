import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { closeDatabase, getDb } from '@/db/client';
import { branches, tokens } from '@/db/schema';
import { databaseUrl, onMaintenanceDb } from '@/test/postgres-cluster';
import { onPostgres } from '@/test/temp-db';
import { writeTransaction } from '@/server/write-transaction';
import { register } from './instrumentation';

// A store that has never been migrated: a new SQLite file, or an empty PostgreSQL database.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-instrumentation-'));
const file = path.join(dir, 'tsunagu.db');
const emptyPg = `t_boot_${randomBytes(6).toString('hex')}`;
const previous = { DATABASE_PATH: process.env.DATABASE_PATH, DATABASE_URL: process.env.DATABASE_URL, NEXT_RUNTIME: process.env.NEXT_RUNTIME };

const onAdmin = (statement: string) => onMaintenanceDb(process.env.TSUNAGU_TEST_PG_ADMIN_URL!, [statement]);

beforeAll(async () => {
  if (onPostgres) {
    await onAdmin(`CREATE DATABASE ${emptyPg}`);
    process.env.DATABASE_URL = databaseUrl(process.env.TSUNAGU_TEST_PG_ADMIN_URL!, emptyPg);
  } else {
    process.env.DATABASE_PATH = file;
  }
  process.env.NEXT_RUNTIME = 'nodejs';
});
afterAll(async () => {
  await closeDatabase();
  if (onPostgres) await onAdmin(`DROP DATABASE IF EXISTS ${emptyPg} WITH (FORCE)`);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

// Once per process, as Next.js does (a second call would start a second checkpoint worker).
let booted: Promise<void> | undefined;
const boot = () => (booted ??= register());

describe('server start (instrumentation.ts)', () => {
  it('migrates the store before anything else reads it', async () => {
    await boot();
    // Throws on a store without the tables.
    expect(await getDb().select().from(tokens).limit(1)).toEqual([]);
    expect(await getDb().select().from(branches).limit(1)).toEqual([]);
  });

  // The WAL, its file and its checkpoints are SQLite's.
  it.skipIf(onPostgres)('checkpoints the WAL from a worker thread, not in commits', async () => {
    await boot();
    /* eslint-disable no-restricted-syntax -- the SQLite connection's own file and pragmas */
    const client = getDb().$client;
    expect(path.resolve(client.name)).toBe(file);
    expect(client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    client.pragma('wal_checkpoint(TRUNCATE)');
    /* eslint-enable no-restricted-syntax */
    const before = fs.statSync(file).size;
    await writeTransaction(getDb(), async (tx) => {
      for (let i = 0; i < 3000; i++) await tx.insert(branches).values({ code: `b${i}`, name: 'チェックポイント'.repeat(10) });
    });
    expect(fs.statSync(file).size).toBe(before);
    await expect.poll(() => fs.statSync(file).size, { timeout: 5000 }).toBeGreaterThan(before + 100_000);
  });
});
