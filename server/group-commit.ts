// Group commit. Writes that arrive in the same turn of the event loop share one IMMEDIATE
// transaction, each inside its own savepoint: SQLite takes the write lock and syncs the WAL
// once for all of them, which is most of a small write's cost. Each caller still gets its
// result only after the shared COMMIT, so nothing is acknowledged before it is durable, and
// one caller's failure rolls back its own savepoint only.
//
// The one exception: on SQLITE_FULL, IOERR or NOMEM SQLite may roll back the whole
// transaction itself (sqlite.org/lang_transaction.html "Response To Errors Within A
// Transaction"). Then every savepoint before it is gone too, and a later SAVEPOINT would open
// a transaction of its own and commit alone. So once SQLite has ended the transaction, no
// further job runs and every caller of the batch is told it failed: a caller answered with
// success always has its writes committed, and a caller answered with failure never does.
//
// On a WAL file with synchronous = FULL, the batch's fsync runs on the thread pool instead of
// inside COMMIT on the event loop (wal-sync.ts); the callers are answered after it. Writes
// that arrive while a sync runs wait for it to end and then commit together: they could not
// be answered before the next sync anyway, and one commit costs less than several.
//
// The jobs are async (the rules are written once for both stores) but on SQLite they await
// the store only, so a batch still runs start to end without giving the event loop to anyone
// (server/write-transaction.ts). On PostgreSQL each job is a transaction of its own: the
// server groups concurrent commits into one WAL flush itself, and rows locked by one job
// never wait for another job's unrelated work.
import type { Db } from '@/db/client';
import { isPostgres } from '@/db/postgres';
import { logError } from '@/lib/logger';
import { bindRequestContext } from '@/lib/request-context';
import { metrics } from './observability/metrics';
import { perConnection } from './per-connection';
import { checkpointGateOf } from './wal-checkpoints';
import { createWalSync, type SyncFile } from './wal-sync';
import { inSqliteTransaction, serializedOn, writeTransaction, type WriteTx as Tx } from './write-transaction';

interface Job {
  work: (tx: Tx) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Thrown out of the batch so that better-sqlite3 neither commits nor runs a later job. */
export class BatchAbortedError extends Error {
  constructor(cause: unknown) {
    super('group commit: SQLite ended the transaction; nothing in this batch was committed', { cause });
    this.name = 'BatchAbortedError';
  }
}

export interface GroupCommitOptions {
  /** How the WAL file is synced (tests observe it; the default is fdatasync). */
  syncFile?: SyncFile;
}

export function createGroupCommitter(db: Db, options: GroupCommitOptions = {}) {
  const client = db.$client;
  const savepoint = client.prepare('SAVEPOINT group_commit_job');
  const release = client.prepare('RELEASE group_commit_job');
  const rollbackTo = client.prepare('ROLLBACK TO group_commit_job');
  const configured = client.pragma('synchronous', { simple: true }) as number;
  // Only a WAL file whose setting survives power loss (FULL = 2, EXTRA = 3) needs the sync.
  const walSync =
    configured >= 2 && client.pragma('journal_mode', { simple: true }) === 'wal' ? createWalSync(`${client.name}-wal`, options.syncFile) : null;
  let pending: Job[] = [];
  /** The sync of the last batch, while it runs. */
  let syncing: Promise<void> | null = null;

  /** One job in its savepoint; throws BatchAbortedError when the transaction did not survive. */
  async function runJob(tx: Tx, job: Job): Promise<Result> {
    savepoint.run();
    try {
      const value = await job.work(tx);
      release.run();
      return { ok: true, value };
    } catch (error) {
      if (!client.inTransaction) throw new BatchAbortedError(error);
      try {
        rollbackTo.run();
        release.run();
      } catch (undoError) {
        throw new BatchAbortedError(undoError);
      }
      return { ok: false, error };
    }
  }

  /** Runs the transaction with its COMMIT unsynced; SQLite refuses the change inside one. */
  async function withoutCommitSync<T>(work: () => Promise<T>): Promise<T> {
    if (!walSync) return work();
    client.pragma('synchronous = NORMAL');
    try {
      return await work();
    } finally {
      client.pragma(`synchronous = ${configured}`);
    }
  }

  async function runBatch(jobs: Job[]): Promise<Result[]> {
    return withoutCommitSync(() =>
      inSqliteTransaction(db, async (tx) => {
        const results: Result[] = [];
        for (const job of jobs) results.push(await runJob(tx, job));
        return results;
      }),
    );
  }

  function flush(): void {
    void serializedOn(db, flushBatch);
  }

  async function flushBatch(): Promise<void> {
    // A WAL past its bound first gets a checkpoint with no commit in between (wal-checkpoints.ts).
    const hold = checkpointGateOf(db)?.();
    if (hold) {
      hold.then(flush, flush);
      return;
    }
    if (pending.length === 0) return;
    const jobs = pending;
    pending = [];
    metrics().groupCommitBatch.observe(jobs.length);
    let results: Result[];
    try {
      results = await runBatch(jobs);
    } catch (error) {
      // BEGIN, a job that took the transaction down, or COMMIT itself failed: better-sqlite3
      // has rolled back whatever was still open, so nobody's writes are in the database.
      for (const job of jobs) job.reject(error);
      return;
    }
    const answer = () =>
      jobs.forEach((job, i) => {
        const result = results[i]!;
        if (result.ok) job.resolve(result.value);
        else job.reject(result.error);
      });
    if (!walSync) return answer();
    const sync = walSync();
    syncing = sync;
    sync.then(answer, (error: unknown) => {
      // Committed but not known to be on disk: nobody may be told it succeeded.
      logError('group commit: WAL sync failed', error);
      for (const job of jobs) job.reject(error);
    });
    sync
      .finally(() => {
        if (syncing === sync) syncing = null;
      })
      .catch(() => {});
  }

  function schedule(): void {
    if (syncing) syncing.then(flush, flush);
    else setImmediate(flush);
  }

  return function commitWithOthers<T>(work: (tx: Tx) => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (pending.length === 0) schedule();
      // Each job runs in its own request's context (its audit row's request id), not the first caller's.
      pending.push({ work: bindRequestContext(work), resolve: resolve as (value: unknown) => void, reject });
    });
  };
}

const sqliteCommitter = perConnection(createGroupCommitter);

/** Each job its own transaction: PostgreSQL groups the commits (see above). */
const postgresCommitter = (db: Db) => <T>(work: (tx: Tx) => T | Promise<T>) => {
  metrics().groupCommitBatch.observe(1);
  return writeTransaction(db, bindRequestContext(work));
};

/** The process's group committer for this store. */
export const groupCommit = (db: Db) => (isPostgres(db) ? postgresCommitter(db) : sqliteCommitter(db));
