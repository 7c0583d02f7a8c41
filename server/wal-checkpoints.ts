// WAL checkpoints off the request thread. SQLite's automatic checkpoint runs inside the
// commit that crosses 1,000 WAL pages: it copies them into the database file and fsyncs it,
// on the event loop, while every request in flight waits. Here a worker thread with its own
// connection runs PASSIVE checkpoints instead (they never block readers or writers).
// Durability is unchanged: a commit is durable once it is in the WAL.
//
// Under writes that never pause, though, a PASSIVE checkpoint on another connection never
// copies the last frames before the next commit appends more, and SQLite starts the WAL over
// only once every frame is in the database file (sqlite.org/wal.html "Avoiding Excessively
// Large WAL Files"): the WAL grew by 400 MB in 11 s of refresh grants (bench/), and every sync
// of it extended the file. So once the WAL holds more than restartAbovePages frames, the
// group committer (group-commit.ts) holds its next commit until the worker has checkpointed
// once more with no commit in between; that commit then starts the WAL over. The event loop
// is never held, only the writes of this connection, for one checkpoint's time.
import { Worker } from 'node:worker_threads';
import type { Db } from '@/db/client';
import { logError } from '@/lib/logger';

const WORKER_SOURCE = `
const Database = require('better-sqlite3');
const { parentPort, workerData } = require('node:worker_threads');
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
function checkpoint(catchUp) {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed, catchUp });
  } catch {
    /* busy: the next tick tries again */
    if (catchUp) parentPort.postMessage({ log: -1, checkpointed: -1, catchUp });
  }
}
parentPort.on('message', () => checkpoint(true));
setInterval(() => checkpoint(false), workerData.intervalMs);
`;

interface WorkerReport {
  log: number;
  checkpointed: number;
  catchUp: boolean;
}

export interface CheckpointOptions {
  /** WAL frames past which the next group commit waits for a catch-up checkpoint. */
  restartAbovePages?: number;
  /** The longest a commit waits for it. */
  catchUpTimeoutMs?: number;
}

/** What the group committer asks before it commits: null, or a wait for a catch-up checkpoint. */
export type CheckpointGate = () => Promise<void> | null;

const gates = new WeakMap<Db, CheckpointGate>();

/** The gate of the connection's checkpoint worker, if one runs. */
export function checkpointGateOf(db: Db): CheckpointGate | undefined {
  return gates.get(db);
}

export function checkpointInBackground(db: Db, intervalMs = 250, options: CheckpointOptions = {}): void {
  const restartAbovePages = options.restartAbovePages ?? 4000;
  const catchUpTimeoutMs = options.catchUpTimeoutMs ?? 1000;
  db.$client.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.$client.name, intervalMs } });
  worker.unref();
  worker.on('error', (error) => logError('WAL checkpoint worker failed', error));
  let walPages = 0;
  let catchingUp: { promise: Promise<void>; done: () => void } | null = null;
  const endCatchUp = () => {
    catchingUp?.done();
    catchingUp = null;
  };
  worker.on('message', (report: WorkerReport) => {
    if (report.log < 0) return endCatchUp();
    // A checkpoint reports against the WAL as it was when it began; only one that ran while
    // the commits were held shows that every frame is copied and the next commit starts over.
    walPages = report.catchUp && report.checkpointed === report.log ? 0 : report.log;
    if (report.catchUp) endCatchUp();
  });
  gates.set(db, () => {
    if (catchingUp) return catchingUp.promise;
    if (walPages <= restartAbovePages) return null;
    let done = () => {};
    const promise = new Promise<void>((resolve) => {
      done = resolve;
    });
    const timer = setTimeout(endCatchUp, catchUpTimeoutMs).unref();
    catchingUp = { promise: promise.finally(() => clearTimeout(timer)), done };
    worker.postMessage('catch up');
    return catchingUp.promise;
  });
  // Should the worker ever stop, SQLite takes checkpoints back on the request thread.
  worker.on('exit', () => {
    gates.delete(db);
    endCatchUp();
    db.$client.pragma('wal_autocheckpoint = 1000');
  });
}

/** Both servers start it at boot; WAL_CHECKPOINT_THREAD=0 leaves checkpoints to SQLite. */
export function startWalCheckpoints(db: Db, env: Record<string, string | undefined> = process.env): boolean {
  if (env.WAL_CHECKPOINT_THREAD === '0' || db.$client.memory) return false;
  checkpointInBackground(db);
  return true;
}
