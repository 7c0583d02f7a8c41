// The shared frame of the db:backup and db:restore scripts: one FILE argument, no SQLite
// copy for PostgreSQL, one line of output, exit 0 only when the work is done.
import { z } from 'zod';
import { BackupError } from './backup-error';
import type { CheckedFile } from './sqlite-file';

const argumentsSchema = z.tuple([z.string().trim().min(1)]);

export function fileArgument(argv: string[], usage: string): string {
  const parsed = argumentsSchema.safeParse(argv);
  if (!parsed.success) throw new BackupError('usage', `usage: ${usage}`);
  return parsed.data[0];
}

/** With DATABASE_URL the data lives in PostgreSQL, whose own tools do this job. */
export function refusePostgres(instead: string): void {
  if (process.env.DATABASE_URL) {
    throw new BackupError('postgres', `DATABASE_URL is set, so the database is PostgreSQL: use ${instead} instead; this script copies SQLite files`);
  }
}

export function describeFile(file: CheckedFile): string {
  const mib = (file.bytes / 1024 / 1024).toFixed(1);
  return `${file.pages.toLocaleString('en')} pages (${mib} MiB), integrity_check ok, ${file.migrations} migrations`;
}

export async function runCommand(name: string, work: () => Promise<string>): Promise<void> {
  try {
    console.log(await work());
  } catch (error) {
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}${error instanceof BackupError ? '. Nothing was changed.' : ''}`);
    process.exitCode = error instanceof BackupError && error.code === 'usage' ? 2 : 1;
  }
}
