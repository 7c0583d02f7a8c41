// npm run db:seed:demo — creates the demo data in the store (DATABASE_PATH, default
// data/tsunagu.db, or DATABASE_URL). Refuses a database that already has it (with
// --if-missing, that is no error: npm run demo on PostgreSQL, whose database it cannot test
// for as it does a file), and refuses NODE_ENV=production unless --allow-production is given:
// demo credentials must never reach a real bank by accident.
import { closeDatabase, prepareDatabase } from '../db/client';
import { DemoDataExistsError, seedDemo } from '../db/seed/demo';
import { storeLabel } from './store-label';

async function main() {
  if (process.env.NODE_ENV === 'production' && !process.argv.includes('--allow-production')) {
    console.error('Refusing to create demo data with NODE_ENV=production (pass --allow-production to insist).');
    process.exit(1);
  }
  const where = storeLabel();
  const db = await prepareDatabase();
  try {
    const started = Date.now();
    const seed = await seedDemo(db);
    console.log(
      `Demo data created in ${where}: 2 companies, ${Object.keys(seed.accountIds).length} accounts, ` +
        `${seed.transactionCount} transactions, ${Object.keys(seed.partnerIds).length} partners (${Date.now() - started} ms).`,
    );
  } catch (error) {
    if (error instanceof DemoDataExistsError) {
      const ok = process.argv.includes('--if-missing');
      console[ok ? 'log' : 'error'](`${error.message} (${where}) Nothing was changed.`);
      process.exitCode = ok ? 0 : 1;
      return;
    }
    throw error;
  } finally {
    await closeDatabase();
  }
}

main().catch((error: unknown) => {
  console.error('db:seed:demo failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
