// Applies migrations once when the server starts (toolchain.md: `next build` never opens
// the database), so the first request never races a schema change; then starts the periodic
// purge and rate-limit summaries (server/retention-timer.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // PostgreSQL migrates here (SQLite when the file is opened): before the first request.
    const db = await (await import('./db/client')).prepareDatabase();
    (await import('./server/retention-timer')).startRetentionTimer(db);
    // SQLite only: WAL checkpoints off the request thread, as in the lean server (server/wal-checkpoints.ts).
    if (!(await import('./db/postgres')).isPostgres(db)) {
      (await import('./server/wal-checkpoints')).startWalCheckpoints(db);
    }
  }
}
