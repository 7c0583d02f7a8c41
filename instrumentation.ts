// Applies migrations once when the server starts (toolchain.md: `next build` never opens
// the database), so the first request never races a schema change.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getDb } = await import('./db/client');
    getDb();
    // WAL checkpoints off the request thread, as in the lean server (server/wal-checkpoints.ts).
    const { startWalCheckpoints } = await import('./server/wal-checkpoints');
    startWalCheckpoints(getDb());
  }
}
