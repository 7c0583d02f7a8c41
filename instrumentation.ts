// Applies migrations once when the server starts (toolchain.md: `next build` never opens
// the database), so the first request never races a schema change; then starts the periodic
// purge and rate-limit summaries (server/retention-timer.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getDb } = await import('./db/client');
    getDb();
    (await import('./server/retention-timer')).startRetentionTimer(getDb());
    // WAL checkpoints off the request thread, as in the lean server (server/wal-checkpoints.ts).
    const { startWalCheckpoints } = await import('./server/wal-checkpoints');
    startWalCheckpoints(getDb());
  }
}
