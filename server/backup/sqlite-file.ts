// What backup and restore do to SQLite files: check one, tell whether one is open, put a
// checked copy in place atomically.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { migrationState, shippedMigrations } from '@/db/migration-state';
import { BackupError } from './backup-error';

const SIDE_FILES = ['-wal', '-shm', '-journal'];

export interface CheckedFile {
  pages: number;
  bytes: number;
  migrations: number;
}

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

/** A name in the destination's own folder, so that the final rename stays on one file system. */
export function tempPathBeside(target: string, purpose: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

export function removeWithSideFiles(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) fs.rmSync(`${file}${suffix}`, { force: true });
}

function fsync(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Turns a copy into one self-contained rollback-journal file and checks it the slow way:
 * integrity_check reads every page and checks every index against its table (quick_check
 * skips the indexes), then the migrations table must show a Tsunagu database.
 */
export function checkCopy(file: string, options: { refuseUnknownMigrations: boolean }): CheckedFile {
  let connection: Database.Database | undefined;
  try {
    connection = new Database(file, { fileMustExist: true });
    connection.pragma('journal_mode = DELETE');
    const problems = (connection.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BackupError('integrity_check_failed', `integrity_check failed: ${problems.slice(0, 3).join('; ')}`);
    }
    const shipped = shippedMigrations();
    const state = migrationState(connection, shipped);
    if (state === 'absent') throw new BackupError('not_tsunagu', 'not a Tsunagu database (no migrations table)');
    if (state === 'mismatch' && options.refuseUnknownMigrations) {
      throw new BackupError('unknown_migrations', 'the file holds migrations this version does not ship (a backup of a newer version?)');
    }
    const pages = Number(connection.pragma('page_count', { simple: true }));
    const migrations = (connection.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    connection.close();
    fsync(file);
    return { pages, bytes: fs.statSync(file).size, migrations };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = sqliteCode(error);
    if (code === 'SQLITE_NOTADB') throw new BackupError('not_a_database', 'not an SQLite database');
    if (code.startsWith('SQLITE_CORRUPT')) throw new BackupError('integrity_check_failed', 'the database file is damaged');
    throw error;
  } finally {
    connection?.close();
  }
}

/**
 * Whether any connection, in any process, has the database open. SQLite offers no "is
 * open" call, but every WAL-mode connection holds a SHARED lock on the database file from
 * its first read until it closes; a connection in EXCLUSIVE locking mode can only begin an
 * exclusive transaction when nobody holds one. With a zero busy timeout that is an instant
 * answer, and locks vanish with their process, so a crashed server leaves none behind.
 */
export function assertNotInUse(file: string): void {
  if (!fs.existsSync(file)) return;
  const connection = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    connection.pragma('locking_mode = EXCLUSIVE');
    connection.exec('BEGIN EXCLUSIVE');
    connection.exec('ROLLBACK');
  } catch (error) {
    const code = sqliteCode(error);
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new BackupError('database_in_use', `${file} is open (a server is running on it): stop every server, then restore`);
    }
    // Unreadable, so its locks cannot be tested either: let the operator move it away.
    throw new BackupError('target_unreadable', `${file} cannot be read as SQLite: stop every server, move it away, then restore`);
  } finally {
    connection.close();
  }
}

/** Renames a checked copy over the target; stale -wal/-shm/-journal files would be replayed into it. */
export function moveIntoPlace(copy: string, target: string): void {
  for (const suffix of SIDE_FILES) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(copy, target);
  fsync(path.dirname(target));
}
