// The e2e server's own database file (scripts/e2e-server.sh), opened from the test process
// to create fixture customers and to check what the journey stored. Nothing is mocked: the
// server and the tests see the same SQLite file (WAL, busy timeout).
import path from 'node:path';
import { openDatabase, type Db } from '@/db/client';

const E2E_PORT = Number(process.env.E2E_PORT || 3100);
let db: Db | undefined;

export function e2eDb(): Db {
  db ??= openDatabase(path.join('data', `e2e-${E2E_PORT}`, 'tsunagu.db'));
  return db;
}
