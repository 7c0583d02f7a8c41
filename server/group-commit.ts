// Group commit. Writes that arrive in the same turn of the event loop share one IMMEDIATE
// transaction, each inside its own savepoint: SQLite takes the write lock and appends to the
// WAL once for all of them, which is most of a small write's cost. Each caller still gets its
// result only after the shared COMMIT, so nothing is acknowledged before it is durable, and
// one caller's failure rolls back its own savepoint only.
//
// On a WAL file with synchronous = FULL, the batch's fsync runs on the thread pool instead of
// inside COMMIT on the event loop (wal-sync.ts); the callers are answered after it. Writes
// that arrive while a sync runs wait for it to end and then commit together: they could not
// be answered before the next sync anyway, and one commit costs less than several.
import type { Db } from '@/db/client';
import { perConnection } from './per-connection';
import { createWalSync, type SyncFile } from './wal-sync';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

interface Job {
  work: (tx: Tx) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** How the WAL file is synced (tests observe it; the default is fdatasync). */
  syncFile?: SyncFile;
}

export function createGroupCommitter(db: Db, options: GroupCommitOptions = {}) {
  const client = db.$client;
  const configured = client.pragma('synchronous', { simple: true }) as number;
  // Only a WAL file whose setting survives power loss (FULL = 2, EXTRA = 3) needs the sync.
  const walSync =
    configured >= 2 && client.pragma('journal_mode', { simple: true }) === 'wal' ? createWalSync(`${client.name}-wal`, options.syncFile) : null;
  let pending: Job[] = [];
  /** The sync of the last batch, while it runs. */
  let syncing: Promise<void> | null = null;

  /** Runs the transaction with its COMMIT unsynced; SQLite refuses the change inside one. */
  function withoutCommitSync(work: () => void): void {
    if (!walSync) return work();
    client.pragma('synchronous = NORMAL');
    try {
      work();
    } finally {
      client.pragma(`synchronous = ${configured}`);
    }
  }

  function flush(): void {
    const jobs = pending;
    pending = [];
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      withoutCommitSync(() => db.transaction(
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
      ));
    } catch (error) {
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
      console.error('group commit: WAL sync failed', error instanceof Error ? error.message : error);
      for (const job of jobs) job.reject(error);
    });
    sync.finally(() => {
      if (syncing === sync) syncing = null;
    }).catch(() => {});
  }

  function schedule(): void {
    if (syncing) syncing.then(flush, flush);
    else setImmediate(flush);
  }

  return function commitWithOthers<T>(work: (tx: Tx) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (pending.length === 0) schedule();
      pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  };
}

/** The process's group committer for this connection. */
export const groupCommit = perConnection(createGroupCommitter);
