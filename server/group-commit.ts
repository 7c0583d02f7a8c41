// Group commit. Writes that arrive in the same turn of the event loop share one IMMEDIATE
// transaction, each inside its own savepoint: SQLite takes the write lock and appends to the
// WAL once for all of them, which is most of a small write's cost. Each caller still gets its
// result only after the shared COMMIT, so nothing is acknowledged before it is durable, and
// one caller's failure rolls back its own savepoint only.
import type { Db } from '@/db/client';
import { bindRequestContext } from '@/lib/request-context';
import { metrics } from './observability/metrics';
import { perConnection } from './per-connection';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

interface Job {
  work: (tx: Tx) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

function createGroupCommitter(db: Db) {
  let pending: Job[] = [];

  function flush(): void {
    const jobs = pending;
    pending = [];
    metrics().groupCommitBatch.observe(jobs.length);
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(
        (tx) => {
          for (const job of jobs) {
            try {
              results.push({ ok: true, value: tx.transaction((savepoint) => job.work(savepoint)) });
            } catch (error) {
              results.push({ ok: false, error });
            }
          }
        },
        { behavior: 'immediate' },
      );
    } catch (error) {
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
