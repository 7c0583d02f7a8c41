// npm run db:seed:demo — creates the demo data in DATABASE_PATH (default data/tsunagu.db).
// Refuses a database that already has it, and refuses NODE_ENV=production unless
// --allow-production is given: demo credentials must never reach a real bank by accident.
import { defaultDatabasePath, openDatabase } from '../db/client';
import { DemoDataExistsError, seedDemo } from '../db/seed/demo';

async function main() {
  if (process.env.NODE_ENV === 'production' && !process.argv.includes('--allow-production')) {
    console.error('Refusing to create demo data with NODE_ENV=production (pass --allow-production to insist).');
    process.exit(1);
  }
  const file = defaultDatabasePath();
  const db = openDatabase(file);
  try {
    const started = Date.now();
    const seed = await seedDemo(db);
    console.log(
      `Demo data created in ${file}: 2 companies, ${Object.keys(seed.accountIds).length} accounts, ` +
        `${seed.transactionCount} transactions, ${Object.keys(seed.partnerIds).length} partners (${Date.now() - started} ms).`,
    );
  } catch (error) {
    if (error instanceof DemoDataExistsError) {
      console.error(`${error.message} (${file}) Nothing was changed.`);
      process.exit(1);
    }
    throw error;
  } finally {
    db.$client.close();
  }
}

void main();
