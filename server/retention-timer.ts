// The periodic upkeep both servers run (server/partner-server.ts, instrumentation.ts): the
// purge of expired rows every PURGE_INTERVAL_SECONDS, and the rate-limit summaries every
// minute. Timers are unref'd, so they never keep a process alive; a failed run is logged and
// simply tried again at the next tick. At shutdown, finishRetentionTimers() (through
// closeStore(), server/graceful-shutdown.ts) stops them and writes the summaries still open
// before the store closes; closeDatabase() alone only stops them, because it does not wait
// for its hooks and the store is async.
import { beforeDatabaseCloses, type Db } from '@/db/client';
import { config } from '@/lib/config';
import { processRefusals, type RefusalSummary } from './refusal-summary';
import { purgeExpired } from './retention';

export interface RetentionTimerOptions {
  purgeIntervalMs?: number;
  summaryIntervalMs?: number;
  refusals?: RefusalSummary;
  now?: () => Date;
  log?: (message: string, error: unknown) => void;
}

export interface RetentionTimer {
  /** One purge now; resolves once it is done or has failed (and been logged). */
  purge: () => Promise<void>;
  /** Writes the summaries whose window has ended (all of them with `all`); never rejects. */
  flushSummaries: (options?: { all?: boolean }) => Promise<void>;
  stop: () => void;
  /** Stops, lets a purge in progress end, and writes every summary still open (shutdown). */
  finish: () => Promise<void>;
}

// A Map, not a WeakMap: shutdown finishes every timer, and a stopped one leaves it.
const globalForTimers = globalThis as unknown as { tsunaguRetentionTimers?: Map<Db, RetentionTimer> };
const timers = () => (globalForTimers.tsunaguRetentionTimers ??= new Map());

/** Starts the upkeep for this connection, once per process however often it is called. */
export function startRetentionTimer(db: Db, options: RetentionTimerOptions = {}): RetentionTimer {
  const existing = timers().get(db);
  if (existing) return existing;
  const timer = createRetentionTimer(db, options, () => {
    if (timers().get(db) === timer) timers().delete(db);
  });
  timers().set(db, timer);
  // No purge or summary started on a closed connection.
  beforeDatabaseCloses(db, () => timer.stop());
  return timer;
}

/** At shutdown, before the store closes: every timer finished, its summaries written. */
export async function finishRetentionTimers(): Promise<void> {
  await Promise.all(Array.from(timers(), ([, timer]) => timer.finish()));
}

function createRetentionTimer(db: Db, options: RetentionTimerOptions, onStop: () => void): RetentionTimer {
  const refusals = options.refusals ?? processRefusals();
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message, error) => console.error(message, error instanceof Error ? error.message : error));
  const stopped = new AbortController();
  let purging: Promise<void> | null = null;

  const purge = () => {
    purging ??= purgeExpired(db, { now: now(), signal: stopped.signal })
      .then(
        () => undefined,
        (error: unknown) => log('retention: purge failed; it runs again at the next interval', error),
      )
      .finally(() => {
        purging = null;
      });
    return purging;
  };
  // One flush at a time: a second one started while the first awaits the store would write
  // the windows the first has not yet taken out again. A tick finding one running skips.
  let flushing: Promise<void> = Promise.resolve();
  let queued = 0;
  const flushSummaries = (flushOptions: { all?: boolean } = {}) => {
    queued += 1;
    flushing = flushing.then(async () => {
      try {
        await refusals.flush(db, now(), flushOptions);
      } catch (error) {
        log('retention: rate-limit summaries not written; trying again at the next interval', error);
      } finally {
        queued -= 1;
      }
    });
    return flushing;
  };

  const purgeTimer = setInterval(() => void purge(), options.purgeIntervalMs ?? config.purgeIntervalSeconds * 1000);
  const summaryTimer = setInterval(() => queued === 0 && void flushSummaries(), options.summaryIntervalMs ?? 60_000);
  purgeTimer.unref();
  summaryTimer.unref();
  const stop = () => {
    stopped.abort();
    clearInterval(purgeTimer);
    clearInterval(summaryTimer);
    onStop();
  };
  return {
    purge,
    flushSummaries,
    stop,
    finish: async () => {
      stop();
      await purging;
      await flushSummaries({ all: true });
    },
  };
}
