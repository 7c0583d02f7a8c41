// npm run db:backup -- FILE: a consistent copy of DATABASE_PATH while the servers run.
import { defaultDatabasePath } from '../db/client';
import { backupDatabase } from '../server/backup/backup';
import { describeFile, fileArgument, refusePostgres, runCommand } from '../server/backup/cli';

await runCommand('db:backup', async () => {
  refusePostgres('pg_dump (e.g. pg_dump --format=custom --file=FILE "$DATABASE_URL")');
  const file = fileArgument(process.argv.slice(2), 'npm run db:backup -- FILE');
  const source = defaultDatabasePath();
  const summary = await backupDatabase(source, file);
  return `Backup of ${source} written to ${summary.destination}: ${describeFile(summary)}, ${(summary.ms / 1000).toFixed(1)} s.`;
});
