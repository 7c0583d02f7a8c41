// npm run db:restore -- FILE: puts a backup in place of DATABASE_PATH; every server on it must be stopped.
import { defaultDatabasePath } from '../db/client';
import { describeFile, fileArgument, refusePostgres, runCommand } from '../server/backup/cli';
import { restoreDatabase } from '../server/backup/restore';

await runCommand('db:restore', async () => {
  refusePostgres('pg_restore (e.g. pg_restore --clean --dbname="$DATABASE_URL" FILE)');
  const file = fileArgument(process.argv.slice(2), 'npm run db:restore -- FILE');
  const summary = restoreDatabase(file, defaultDatabasePath());
  return `Restored ${file} into ${summary.target}: ${describeFile(summary)}. Start the servers (they apply newer migrations at start).`;
});
