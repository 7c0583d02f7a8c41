// How a script names the store it worked on (operations.md "Storage"): the SQLite file, or
// the PostgreSQL database without its password, which must not reach a terminal or a log.
import { defaultDatabasePath } from '../db/client';
import { storeKind } from '../db/store-kind';

export function storeLabel(): string {
  if (storeKind() === 'sqlite') return defaultDatabasePath();
  const url = new URL(process.env.DATABASE_URL!);
  url.password = '';
  return url.toString();
}
