import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { branches } from '@/db/schema';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { groupCommit } from './group-commit';
import { checkpointInBackground, startWalCheckpoints } from './wal-checkpoints';
import { writeTransaction } from './write-transaction';

// The WAL file and its checkpoints are SQLite's.
describe.skipIf(onPostgres)('WAL checkpoints', () => {
  let temp: TempDb;
  beforeAll(async () => {
    temp = await createTempDb();
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  it('moves committed pages into the database file from a worker thread, not in the commit', async () => {
    temp.db.$client.pragma('wal_checkpoint(TRUNCATE)'); // the migrations' pages, first
    const before = fs.statSync(temp.file).size;
    checkpointInBackground(temp.db, 300);
    expect(temp.db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await writeTransaction(temp.db, async (tx) => {
      for (let i = 0; i < 3000; i++) await tx.insert(branches).values({ code: `b${i}`, name: 'ベンチ'.repeat(20) });
    });
    // Committed, but only in the WAL: the commit itself did not checkpoint.
    expect(fs.statSync(temp.file).size).toBe(before);
    await expect.poll(() => fs.statSync(temp.file).size, { timeout: 5000 }).toBeGreaterThan(before + 100_000);
  });

  it('is left to SQLite with WAL_CHECKPOINT_THREAD=0', async () => {
    const other = await createTempDb();
    try {
      expect(startWalCheckpoints(other.db, { WAL_CHECKPOINT_THREAD: '0' })).toBe(false);
      expect(other.db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      await other.cleanup();
    }
  });

  it('starts the WAL over under group commits that never pause, holding one commit for a checkpoint', async () => {
    const other = await createTempDb();
    try {
      other.db.$client.pragma('wal_checkpoint(TRUNCATE)');
      checkpointInBackground(other.db, 20, { restartAbovePages: 100 });
      let rows = 0;
      // A fixed volume rather than a fixed time: on a busy machine fewer rows fit in a second,
      // and the assertion below is about how much of what was written the WAL still holds.
      const until = Date.now() + 15_000;
      while (rows * 300 < 6_000_000 && Date.now() < until) {
        await Promise.all(
          [0, 1, 2].map(() =>
            groupCommit(other.db)(async (tx) => {
              for (let i = 0; i < 10; i++) await tx.insert(branches).values({ code: `w${rows++}`, name: 'x'.repeat(300) });
            }),
          ),
        );
      }
      // 6 MB were written; without a restart they would all still be in the WAL file (more, in
      // whole pages). Restarts keep it to a fraction of that.
      expect(rows * 300).toBeGreaterThanOrEqual(6_000_000);
      expect(fs.statSync(`${other.file}-wal`).size).toBeLessThan(3_000_000);
    } finally {
      await other.cleanup();
    }
  });
});
