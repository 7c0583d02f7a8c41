// A fresh, migrated database per test file on the store the suite runs on: a SQLite file
// (default), or a database of its own in the test run's PostgreSQL cluster when the suite runs
// on PostgreSQL (test/postgres-global-setup.ts). Real database, nothing mocked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Db } from '@/db/client';
import { closePostgres, openPostgres } from '@/db/postgres';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { storeKind } from '@/db/store-kind';
import { databaseUrl, onMaintenanceDb } from './postgres-cluster';

export interface TempDb {
  db: Db;
  /** The SQLite file (SQLite runs only; tests that need it are SQLite tests). */
  file: string;
  /** What a child process needs to open the same database. */
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

/** True when this test run's store is PostgreSQL. */
export const onPostgres = storeKind() === 'postgres';

export async function createTempDb(): Promise<TempDb> {
  return onPostgres ? createTempPostgresDb() : createTempSqliteDb();
}

/**
 * A fresh database with the demo data (db/seed/demo.ts). On PostgreSQL it is a copy of a
 * template seeded once per run (test/postgres-global-setup.ts), with that seed's ids; on
 * SQLite the data is seeded into the new file.
 */
export async function createSeededTempDb(): Promise<TempDb & { seed: DemoSeed }> {
  if (onPostgres) {
    const temp = await createTempPostgresDb(process.env.TSUNAGU_TEST_PG_DEMO_TEMPLATE!);
    return { ...temp, seed: JSON.parse(process.env.TSUNAGU_TEST_PG_DEMO_SEED!) as DemoSeed };
  }
  const temp = createTempSqliteDb();
  return { ...temp, seed: await seedDemo(temp.db) };
}

function createTempSqliteDb(): TempDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-test-'));
  const file = path.join(dir, 'test.db');
  const db = openDatabase(file);
  return {
    db,
    file,
    env: { DATABASE_PATH: file },
    cleanup: async () => {
      db.$client.close(); // eslint-disable-line no-restricted-syntax -- the SQLite file's own connection
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The cluster's maintenance URL and the migrated template, from test/postgres-global-setup.ts. */
function clusterUrls() {
  const admin = process.env.TSUNAGU_TEST_PG_ADMIN_URL;
  const template = process.env.TSUNAGU_TEST_PG_TEMPLATE;
  if (!admin || !template) throw new Error('the PostgreSQL test run starts its cluster in test/postgres-global-setup.ts');
  return { admin, template };
}

async function createTempPostgresDb(from?: string): Promise<TempDb> {
  const { admin, template: migrated } = clusterUrls();
  const template = from ?? migrated;
  const name = `t_${randomBytes(6).toString('hex')}`;
  await onMaintenanceDb(admin, [`CREATE DATABASE ${name} TEMPLATE ${template}`]);
  const url = databaseUrl(admin, name);
  const db = openPostgres(url, 5);
  return {
    db,
    file: '',
    env: { DATABASE_URL: url },
    cleanup: async () => {
      await closePostgres(db);
      await onMaintenanceDb(admin, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    },
  };
}
