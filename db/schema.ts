// The tables the rules use, from the store this process runs on. Each dialect declares its
// own (schema.sqlite.ts, schema.pg.ts); the PostgreSQL tables mirror the SQLite ones key for
// key and value for value (db/schema-mirror.test.ts keeps them so), which is why the code
// above this layer is typed by the SQLite declaration alone. The store is chosen once per
// process, by DATABASE_URL (operations.md), before anything reads a table.
import * as pg from './schema.pg';
import * as sqlite from './schema.sqlite';
import { storeKind } from './store-kind';

const chosen = (storeKind() === 'postgres' ? pg : sqlite) as unknown as typeof sqlite;

export const {
  companies,
  users,
  branches,
  accounts,
  apiPinRegistrations,
  transactions,
  partners,
  authorizationRequests,
  pushedAuthorizationRequests,
  grants,
  grantAccounts,
  authorizationCodes,
  tokens,
  usedJtis,
  sessions,
  staff,
  partnerChangeRequests,
  auditEvents,
  apiReadDays,
} = chosen;

export type * from './schema.sqlite';
