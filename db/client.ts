// The process's store (operations.md): the embedded SQLite file by default, PostgreSQL when
// DATABASE_URL is set. Both are driven through drizzle and handed around as `Db`, typed by the
// SQLite declaration (db/schema.ts says why); the few things that differ between the two
// (transactions, prepared statements, affected-row counts, SQLite's file maintenance) go
// through db/dialect.ts and the store's own modules, never through a check in the rules.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '@/lib/config';
import { openPostgres, closePostgres, migratePostgres } from './postgres';
import * as schema from './schema.sqlite';
import { storeKind } from './store-kind';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations');

export function defaultDatabasePath(): string {
  return config.databasePath;
}

/** Opens (creating if needed) a SQLite file and brings its schema up to date. */
export function openDatabase(file = defaultDatabasePath()): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // security.md: nothing is answered before it would survive a power loss. In WAL mode
  // NORMAL syncs only at checkpoints, so an OS crash can lose the last commits; FULL syncs
  // the WAL at every COMMIT. Group commit (server/group-commit.ts) pays that once per batch.
  sqlite.pragma('synchronous = FULL');
  // The journals of savepoints and statements (every group-commit job has one) in memory:
  // otherwise SQLite spills them past 64 KiB into a temporary file, and a refresh grant then
  // writes each page it touches there too, one pwrite per page (bench/README-section.md).
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('mmap_size = 268435456');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

const globalForDb = globalThis as unknown as { tsunaguDb?: Db; tsunaguBeforeClose?: WeakMap<Db, (() => void)[]> };

/** Runs `hook` when closeDatabase() closes this connection, before it closes (shutdown). */
export function beforeDatabaseCloses(db: Db, hook: () => void): void {
  const hooks = (globalForDb.tsunaguBeforeClose ??= new WeakMap());
  hooks.set(db, [...(hooks.get(db) ?? []), hook]);
}

/**
 * The process-wide store: one SQLite connection (better-sqlite3 is synchronous), or one
 * PostgreSQL pool. PostgreSQL's migrations are applied by prepareDatabase() at start.
 */
export function getDb(): Db {
  globalForDb.tsunaguDb ??= storeKind() === 'postgres' ? openPostgres(config.databaseUrl!) : openDatabase();
  return globalForDb.tsunaguDb;
}

/** At a server's or script's start: the store open and its schema up to date. */
export async function prepareDatabase(): Promise<Db> {
  const db = getDb();
  if (storeKind() === 'postgres') await migratePostgres(db);
  return db;
}

/** Closes the process-wide store (shutdown); SQLite first copies its WAL into the file. */
export async function closeDatabase(): Promise<void> {
  const db = globalForDb.tsunaguDb;
  if (!db) return;
  globalForDb.tsunaguDb = undefined;
  for (const hook of globalForDb.tsunaguBeforeClose?.get(db) ?? []) {
    try {
      hook();
    } catch (error) {
      console.error('before closing the database:', error instanceof Error ? error.message : error);
    }
  }
  if (storeKind() === 'postgres') return closePostgres(db);
  try {
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.$client.close();
  }
}
