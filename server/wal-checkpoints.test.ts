import { afterAll, expect, it } from 'vitest';
import fs from 'node:fs';
import { branches } from '@/db/schema';
import { createTempDb } from '@/test/temp-db';
import { checkpointInBackground, startWalCheckpoints } from './wal-checkpoints';

const temp = createTempDb();
afterAll(() => temp.cleanup());

it('moves committed pages into the database file from a worker thread, not in the commit', async () => {
  temp.db.$client.pragma('wal_checkpoint(TRUNCATE)'); // the migrations' pages, first
  const before = fs.statSync(temp.file).size;
  checkpointInBackground(temp.db, 300);
  expect(temp.db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  temp.db.transaction((tx) => {
    for (let i = 0; i < 3000; i++) tx.insert(branches).values({ code: `b${i}`, name: 'ベンチ'.repeat(20) }).run();
  });
  // Committed, but only in the WAL: the commit itself did not checkpoint.
  expect(fs.statSync(temp.file).size).toBe(before);
  await expect.poll(() => fs.statSync(temp.file).size, { timeout: 5000 }).toBeGreaterThan(before + 100_000);
});

it('is left to SQLite with WAL_CHECKPOINT_THREAD=0', () => {
  const other = createTempDb();
  try {
    expect(startWalCheckpoints(other.db, { WAL_CHECKPOINT_THREAD: '0' })).toBe(false);
    expect(other.db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  } finally {
    other.cleanup();
  }
});
