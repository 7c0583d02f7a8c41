// SIGTERM/SIGINT for both servers (operations.md "Shutdown"): stop accepting, let the
// requests in flight finish (their commits included: no response leaves before its commit),
// then checkpoint and close the database, and exit 0 — all within a bounded time.
import type { Server } from 'node:http';
import { closeDatabase } from '@/db/client';
import { logger } from '@/lib/logger';
import { finishRetentionTimers } from './retention-timer';

export interface ShutdownOptions {
  /** Runs after the last request finished (checkpoint and close the database). */
  afterDrain?: () => void | Promise<void>;
  /** Connections still open after this are cut, so the process always ends in time. */
  timeoutMs?: number;
  log?: (message: string) => void;
  exit?: (code: number) => void;
}

/**
 * After the drain: the upkeep's last writes (rate-limit summaries still open), then the store
 * closed. closeDatabase() runs its hooks without waiting for them, so they could not write.
 */
export async function closeStore(): Promise<void> {
  await finishRetentionTimers();
  await closeDatabase();
}

export function drainAndClose(server: Server, options: ShutdownOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 8_000;
  return new Promise<void>((resolve) => {
    // Idle keep-alive connections would hold close() open; close them as they go idle.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  }).then(() => options.afterDrain?.());
}

export function exitOnSignals(server: Server, options: ShutdownOptions = {}): void {
  const log = options.log ?? ((message) => logger().info(message));
  const exit = options.exit ?? ((code) => process.exit(code));
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: finishing requests in flight, then closing`);
      drainAndClose(server, options).then(
        () => exit(0),
        (error: unknown) => {
          log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          exit(1);
        },
      );
    });
  }
}
