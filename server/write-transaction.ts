// One transaction API for both stores; the rules pass an async `work` and use the handle it
// gets for every read and write that belongs to the transaction.
//
// SQLite: BEGIN IMMEDIATE. A DEFERRED transaction starts as a reader on a WAL snapshot; if
// another connection (the lean partner server on the same file) commits before our first
// write, SQLite cannot upgrade the stale snapshot and fails at once with SQLITE_BUSY_SNAPSHOT,
// which the busy timeout does not retry (sqlite.org/wal.html). IMMEDIATE takes the write lock
// first, waiting under busy_timeout, so what it reads is what it writes on. The one connection
// is shared by the whole process, so `work` must only await the store: were it to wait for
// other I/O, other requests would run inside the open transaction. A transaction that yields
// to the event loop is therefore rolled back and reported (YieldedInTransactionError).
//
// PostgreSQL: READ COMMITTED on a pooled connection. The rules that must have one winner
// across processes (rotation, code redemption, consent, lockout counters) are conditional
// UPDATEs or atomic increments, which PostgreSQL serializes per row at that level: the loser
// waits for the winner's commit, then finds the condition false. A transaction that
// PostgreSQL ends as a deadlock victim (two rows, or a row and the audit chain's lock, taken
// in opposite orders) is run again, at most three times.
import type { Db } from '@/db/client';
import { isPostgres } from '@/db/postgres';

export type WriteTx = Db;

const IN_TRANSACTION = Symbol('tsunagu.inTransaction');
type Marked = Db & { [IN_TRANSACTION]?: true };

/** True for a handle that `writeTransaction` handed to its work. */
export function isTransaction(db: Db): boolean {
  return (db as Marked)[IN_TRANSACTION] === true;
}

export class YieldedInTransactionError extends Error {
  constructor() {
    super('a SQLite transaction waited for something other than the database; rolled back');
    this.name = 'YieldedInTransactionError';
  }
}

/** One SQLite write transaction at a time per connection, in the order they were asked for. */
const sqliteQueues = new WeakMap<Db, Promise<unknown>>();

export function serializedOn<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const before = sqliteQueues.get(db) ?? Promise.resolve();
  const run = before.then(work, work);
  sqliteQueues.set(
    db,
    run.catch(() => {}),
  );
  return run;
}

/** Runs `work` between BEGIN IMMEDIATE and COMMIT on the connection (the caller holds its turn). */
export async function inSqliteTransaction<T>(db: Db, work: (tx: WriteTx) => T | Promise<T>): Promise<T> {
  const client = db.$client;
  const tx = Object.create(db) as Marked;
  tx[IN_TRANSACTION] = true;
  let yielded = false;
  const probe = setImmediate(() => {
    yielded = true;
  });
  client.exec('BEGIN IMMEDIATE');
  try {
    const value = await work(tx);
    if (yielded) throw new YieldedInTransactionError();
    client.exec('COMMIT');
    return value;
  } catch (error) {
    if (client.inTransaction) client.exec('ROLLBACK');
    throw error;
  } finally {
    clearImmediate(probe);
  }
}

export function writeTransaction<T>(db: Db, work: (tx: WriteTx) => T | Promise<T>): Promise<T> {
  // Inside a transaction already: part of it (the audit row of a change, for one).
  if (isTransaction(db)) return Promise.resolve(work(db));
  if (isPostgres(db)) return inPostgresTransaction(db, work);
  return serializedOn(db, () => inSqliteTransaction(db, work));
}

/** Deadlock detected, serialization failure: PostgreSQL rolled the transaction back; run it again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

async function inPostgresTransaction<T>(db: Db, work: (tx: WriteTx) => T | Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (db as unknown as PgLike).transaction(
        async (tx) => {
          (tx as Marked)[IN_TRANSACTION] = true;
          return work(tx);
        },
        { isolationLevel: 'read committed' },
      );
    } catch (error) {
      // Nothing of the attempt was committed and nothing answered, so the work may run again.
      const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
      if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

interface PgLike {
  transaction<T>(work: (tx: Db) => Promise<T>, config: { isolationLevel: 'read committed' }): Promise<T>;
}
