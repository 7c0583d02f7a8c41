// npm run db:backup: an online copy through SQLite's backup API while the servers keep
// serving, checked before it takes the destination's name.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup-error';
import { assertNotInUse, checkCopy, moveIntoPlace, removeWithSideFiles, tempPathBeside, type CheckedFile } from './sqlite-file';

export interface BackupSummary extends CheckedFile {
  destination: string;
  ms: number;
}

// After the first (empty) step, better-sqlite3 copies as many pages per step as the
// progress callback returns. All of them in one step is one read transaction: a snapshot of
// one moment. In smaller steps, every commit by another process restarts the copy
// (sqlite3_backup_step), which under steady load may never finish.
const ALL_PAGES = 0x7fffffff;

export async function backupDatabase(source: string, destination: string): Promise<BackupSummary> {
  const started = performance.now();
  const from = path.resolve(source);
  const to = path.resolve(destination);
  if (!fs.existsSync(from)) throw new BackupError('source_missing', `there is no database at ${source}`);
  if ([from, `${from}-wal`, `${from}-shm`].includes(to)) throw new BackupError('same_file', 'the backup cannot replace the database itself');
  if (!fs.existsSync(path.dirname(to))) throw new BackupError('usage', `the folder of ${destination} does not exist`);
  assertNotInUse(to);
  const temp = tempPathBeside(to, 'backup');
  try {
    const connection = new Database(from, { readonly: true, fileMustExist: true });
    try {
      await connection.backup(temp, { progress: () => ALL_PAGES });
    } finally {
      connection.close();
    }
    const checked = checkCopy(temp, { refuseUnknownMigrations: false });
    moveIntoPlace(temp, to);
    return { ...checked, destination: to, ms: performance.now() - started };
  } catch (error) {
    removeWithSideFiles(temp);
    throw error;
  }
}
