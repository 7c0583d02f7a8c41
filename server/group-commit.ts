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
import type { Db } from '@/db/client';
import { bindRequestContext } from '@/lib/request-context';
import { metrics } from './observability/metrics';
import { perConnection } from './per-connection';
import { writeTransaction, type WriteTx as Tx } from './write-transaction';

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

function createGroupCommitter(db: Db) {
  const client = db.$client;
  const savepoint = client.prepare('SAVEPOINT group_commit_job');
  const release = client.prepare('RELEASE group_commit_job');
  const rollbackTo = client.prepare('ROLLBACK TO group_commit_job');
  let pending: Job[] = [];

  /** One job in its savepoint; throws BatchAbortedError when the transaction did not survive. */
  function runJob(tx: Tx, job: Job): Result {
    savepoint.run();
    try {
      const value = job.work(tx);
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

  function flush(): void {
    const jobs = pending;
    pending = [];
    metrics().groupCommitBatch.observe(jobs.length);
    let results: Result[];
    try {
      results = writeTransaction(db, (tx) => jobs.map((job) => runJob(tx, job)));
    } catch (error) {
      // BEGIN, a job that took the transaction down, or COMMIT itself failed: better-sqlite3
      // has rolled back whatever was still open, so nobody's writes are in the database.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const result = results[i]!;
      if (result.ok) job.resolve(result.value);
      else job.reject(result.error);
    });
  }

  return function commitWithOthers<T>(work: (tx: Tx) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      // Each job runs in its own request's context (its audit row's request id), not the first caller's.
      pending.push({ work: bindRequestContext(work), resolve: resolve as (value: unknown) => void, reject });
    });
  };
}

/** The process's group committer for this connection. */
export const groupCommit = perConnection(createGroupCommitter);
