// The periodic upkeep both servers run (server/partner-server.ts, instrumentation.ts): the
// purge of expired rows every PURGE_INTERVAL_SECONDS, and the rate-limit summaries every
// minute. Timers are unref'd, so they never keep a process alive; a failed run is logged and
// simply tried again at the next tick. closeDatabase() (shutdown) stops them and writes the
// summaries still open.
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
  /** Writes the summaries whose window has ended (all of them with `all`). */
  flushSummaries: (options?: { all?: boolean }) => void;
  stop: () => void;
}

const globalForTimers = globalThis as unknown as { tsunaguRetentionTimers?: WeakMap<Db, RetentionTimer> };

/** Starts the upkeep for this connection, once per process however often it is called. */
export function startRetentionTimer(db: Db, options: RetentionTimerOptions = {}): RetentionTimer {
  const timers = (globalForTimers.tsunaguRetentionTimers ??= new WeakMap());
  const existing = timers.get(db);
  if (existing) return existing;
  const timer = createRetentionTimer(db, options, () => timers.delete(db));
  timers.set(db, timer);
  // At shutdown: no purge half-way through a closed connection, no refusal count lost.
  beforeDatabaseCloses(db, () => {
    timer.stop();
    timer.flushSummaries({ all: true });
  });
  return timer;
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
  const flushSummaries = (flushOptions: { all?: boolean } = {}) => {
    try {
      refusals.flush(db, now(), flushOptions);
    } catch (error) {
      log('retention: rate-limit summaries not written; trying again at the next interval', error);
    }
  };

  const purgeTimer = setInterval(purge, options.purgeIntervalMs ?? config.purgeIntervalSeconds * 1000);
  const summaryTimer = setInterval(flushSummaries, options.summaryIntervalMs ?? 60_000);
  purgeTimer.unref();
  summaryTimer.unref();
  return {
    purge,
    flushSummaries,
    stop: () => {
      stopped.abort();
      clearInterval(purgeTimer);
      clearInterval(summaryTimer);
      onStop();
    },
  };
}
