// Whether a database holds exactly the migrations this code ships. drizzle's migrator
// records each applied migration in __drizzle_migrations as the SHA-256 of its SQL file and
// the journal's `when`; readMigrationFiles computes the same pair from db/migrations/.
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER } from './client';

export interface MigrationStamp {
  hash: string;
  createdAt: number;
}

/** `absent`: no migrations table (not a Tsunagu database, or never migrated). */
export type MigrationState = 'current' | 'pending' | 'mismatch' | 'absent';

export function shippedMigrations(folder = MIGRATIONS_FOLDER): MigrationStamp[] {
  return readMigrationFiles({ migrationsFolder: folder }).map((m) => ({ hash: m.hash, createdAt: m.folderMillis }));
}

export function migrationState(sqlite: Database.Database, shipped: MigrationStamp[]): MigrationState {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return 'absent';
  const applied = sqlite.prepare('SELECT hash, created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at').all() as {
    hash: string;
    createdAt: number | string;
  }[];
  if (applied.length > shipped.length) return 'mismatch';
  const same = applied.every((row, i) => row.hash === shipped[i]!.hash && Number(row.createdAt) === shipped[i]!.createdAt);
  if (!same) return 'mismatch';
  return applied.length === shipped.length ? 'current' : 'pending';
}
