// npm run db:restore: puts a checked backup in place of DATABASE_PATH, never under a
// running server (it would keep writing to the replaced file, and those writes would be lost).
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup-error';
import { assertNotInUse, checkCopy, moveIntoPlace, removeWithSideFiles, tempPathBeside, type CheckedFile } from './sqlite-file';

export interface RestoreSummary extends CheckedFile {
  target: string;
}

export function restoreDatabase(backupFile: string, target: string): RestoreSummary {
  const from = path.resolve(backupFile);
  const to = path.resolve(target);
  if (!fs.existsSync(from)) throw new BackupError('source_missing', `there is no backup at ${backupFile}`);
  if (from === to) throw new BackupError('same_file', 'the backup is the database itself');
  fs.mkdirSync(path.dirname(to), { recursive: true });
  // The check runs on the copy that will be renamed into place, so what was checked is
  // exactly what the servers open.
  const temp = tempPathBeside(to, 'restore');
  try {
    fs.copyFileSync(from, temp);
    const checked = checkCopy(temp, { refuseUnknownMigrations: true });
    assertNotInUse(to);
    moveIntoPlace(temp, to);
    return { ...checked, target: to };
  } catch (error) {
    removeWithSideFiles(temp);
    throw error;
  }
}
