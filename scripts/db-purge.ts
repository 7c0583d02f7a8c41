// npm run db:purge — removes expired authorization requests, codes, tokens and sessions from
// DATABASE_PATH now (server/retention.ts; both servers also do it every
// PURGE_INTERVAL_SECONDS). Audit rows are never removed. Safe while the servers run.
import { defaultDatabasePath, openDatabase } from '../db/client';
import { purgeExpired } from '../server/retention';

async function main() {
  const file = defaultDatabasePath();
  const db = openDatabase(file);
  try {
    const counts = await purgeExpired(db);
    const summary = Object.entries(counts)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ');
    console.log(`Purged from ${file}: ${summary}.`);
  } finally {
    db.$client.close();
  }
}

main().catch((error: unknown) => {
  console.error('db:purge failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
