// Every transaction that reads and then writes runs as BEGIN IMMEDIATE. A DEFERRED one
// starts as a reader on a WAL snapshot; if another connection (the lean partner server on
// the same file) commits before our first write, SQLite cannot upgrade the stale snapshot
// and fails at once with SQLITE_BUSY_SNAPSHOT, which the busy timeout does not retry
// (sqlite.org/wal.html "Sometimes Queries Return SQLITE_BUSY In WAL Mode"). IMMEDIATE takes
// the write lock first, waiting under busy_timeout, so what it reads is what it writes on.
import type { Db } from '@/db/client';

export type WriteTx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function writeTransaction<T>(db: Db, work: (tx: WriteTx) => T): T {
  return db.transaction(work, { behavior: 'immediate' });
}
