// Which store this process runs on (operations.md): PostgreSQL when DATABASE_URL is set,
// otherwise the embedded SQLite file. Read straight from the environment because the table
// objects are chosen when db/schema.ts is first imported; the settings check at start
// (lib/config.ts) refuses a DATABASE_URL that is not postgres://.
export type StoreKind = 'sqlite' | 'postgres';

export function storeKind(): StoreKind {
  return process.env.DATABASE_URL ? 'postgres' : 'sqlite';
}
