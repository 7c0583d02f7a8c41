// Readiness of a SQLite store (readiness.ts): its file still the one opened, room on its disk
// for the WAL, exactly the shipped migrations, and a real commit. Synchronous, as the
// connection is: the probe takes well under a millisecond unless another process holds the
// write lock, and then waits busyTimeoutMs at most.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Db } from '@/db/client';
import { migrationState, shippedMigrations, type MigrationStamp } from '@/db/migration-state';
import type { NotReadyReason, Readiness, ReadinessOptions } from './readiness';

type Check = () => NotReadyReason | null;

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

function identityOf(file: string): string {
  const stat = fs.statSync(file);
  return `${stat.dev}:${stat.ino}`;
}

/**
 * SQLite keeps writing to a file that was deleted or replaced under it (the data is then
 * lost at the next start), so the path must still name the file this connection opened.
 */
function fileCheck(file: string): Check {
  const opened = identityOf(file);
  return () => {
    try {
      return identityOf(file) === opened ? null : 'database_replaced';
    } catch (error) {
      return sqliteCode(error) === 'ENOENT' ? 'database_missing' : 'database_unreachable';
    }
  };
}

function migrationCheck(sqlite: Database.Database, shipped: MigrationStamp[]): Check {
  return () => {
    const state = migrationState(sqlite, shipped);
    if (state === 'current') return null;
    return state === 'mismatch' ? 'migrations_mismatch' : 'migrations_pending';
  };
}

function diskCheck(directory: string, minFreeBytes: number): Check {
  return () => {
    const stats = fs.statfsSync(directory);
    return stats.bavail * stats.bsize < minFreeBytes ? 'disk_full' : null;
  };
}

/**
 * A real commit that changes no durable byte: user_version rewritten with its own value.
 * `BEGIN IMMEDIATE; ROLLBACK` is not enough: it only takes the lock in the -shm file and
 * succeeds on a read-only connection; only a commit appends to the WAL, so only a commit
 * fails on a read-only file (SQLITE_READONLY) or a disk that cannot take the WAL's growth.
 */
function writeCheck(sqlite: Database.Database, busyTimeoutMs: number): Check {
  return () => {
    // A transaction of this connection is open: the connection is writing right now.
    if (sqlite.inTransaction) return null;
    const previousTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
    sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      const version = Number(sqlite.pragma('user_version', { simple: true }));
      if (!Number.isSafeInteger(version)) throw new Error('user_version is not an integer');
      sqlite.pragma(`user_version = ${version}`);
      sqlite.exec('COMMIT');
      return null;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      const code = sqliteCode(error);
      if (code.startsWith('SQLITE_READONLY')) return 'database_read_only';
      if (code === 'SQLITE_FULL') return 'disk_full';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'database_busy';
      return 'database_unreachable';
    } finally {
      sqlite.pragma(`busy_timeout = ${previousTimeout}`);
    }
  };
}

/** The readiness of a SQLite `db`, checked afresh on every call (cheap; callers cache it). */
export function createSqliteReadinessProbe(db: Db, options: ReadinessOptions = {}): () => Readiness {
  const sqlite = db.$client;
  const checks: Check[] = [];
  if (!sqlite.memory) {
    const file = path.resolve(/*turbopackIgnore: true*/ sqlite.name);
    checks.push(fileCheck(file), diskCheck(path.dirname(file), options.minFreeBytes ?? 4 * 1024 * 1024));
  }
  checks.push(migrationCheck(sqlite, options.shipped ?? shippedMigrations()), writeCheck(sqlite, options.busyTimeoutMs ?? 100));
  return () => {
    for (const check of checks) {
      try {
        const reason = check();
        if (reason) return { ready: false, reason };
      } catch {
        return { ready: false, reason: 'database_unreachable' };
      }
    }
    return { ready: true };
  };
}
