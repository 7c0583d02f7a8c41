// npm run db:purge — removes expired authorization requests, codes, tokens and sessions from
// the store (DATABASE_PATH or DATABASE_URL) now (server/retention.ts; both servers also do it
// every PURGE_INTERVAL_SECONDS). Audit rows are never removed. Safe while the servers run.
import { closeDatabase, prepareDatabase } from '../db/client';
import { purgeExpired } from '../server/retention';
import { storeLabel } from './store-label';

async function main() {
  const db = await prepareDatabase();
  try {
    const counts = await purgeExpired(db);
    const summary = Object.entries(counts)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ');
    console.log(`Purged from ${storeLabel()}: ${summary}.`);
  } finally {
    await closeDatabase();
  }
}

main().catch((error: unknown) => {
  console.error('db:purge failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
