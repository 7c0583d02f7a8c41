// Opens the SQLite file with the settings security.md asks for and applies migrations.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '@/lib/config';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations');

export function defaultDatabasePath(): string {
  return config.databasePath;
}

/** Opens (creating if needed) the database file and brings its schema up to date. */
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

/** The process-wide connection (one per server process; better-sqlite3 is synchronous). */
export function getDb(): Db {
  globalForDb.tsunaguDb ??= openDatabase();
  return globalForDb.tsunaguDb;
}

/** Copies the WAL into the database file and closes the process-wide connection (shutdown). */
export function closeDatabase(): void {
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
  try {
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.$client.close();
  }
}
