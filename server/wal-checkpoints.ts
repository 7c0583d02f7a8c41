// WAL checkpoints off the request thread. SQLite's automatic checkpoint runs inside the
// commit that crosses 1,000 WAL pages: it copies them into the database file and fsyncs it,
// on the event loop, while every request in flight waits. Here a worker thread with its own
// connection runs PASSIVE checkpoints instead (they never block readers or writers).
// Durability is unchanged: a commit is durable once it is in the WAL.
import { Worker } from 'node:worker_threads';
import type { Db } from '@/db/client';
import { logError } from '@/lib/logger';

const WORKER_SOURCE = `
const Database = require('better-sqlite3');
const { workerData } = require('node:worker_threads');
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick tries again */ }
}, workerData.intervalMs);
`;

export function checkpointInBackground(db: Db, intervalMs = 250): void {
  db.$client.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.$client.name, intervalMs } });
  worker.unref();
  worker.on('error', (error) => logError('WAL checkpoint worker failed', error));
  // Should the worker ever stop, SQLite takes checkpoints back on the request thread.
  worker.on('exit', () => db.$client.pragma('wal_autocheckpoint = 1000'));
}

/** Both servers start it at boot; WAL_CHECKPOINT_THREAD=0 leaves checkpoints to SQLite. */
export function startWalCheckpoints(db: Db, env: Record<string, string | undefined> = process.env): boolean {
  if (env.WAL_CHECKPOINT_THREAD === '0' || db.$client.memory) return false;
  checkpointInBackground(db);
  return true;
}
