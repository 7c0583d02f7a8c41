import { afterAll, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDb } from '@/db/client';
import { branches } from '@/db/schema';
import { register } from './instrumentation';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-instrumentation-'));
const file = path.join(dir, 'tsunagu.db');
process.env.DATABASE_PATH = file;
process.env.NEXT_RUNTIME = 'nodejs';
afterAll(() => {
  getDb().$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('opens the migrated database at boot and checkpoints its WAL from a worker thread, not in commits', async () => {
  await register();
  const db = getDb();
  expect(path.resolve(db.$client.name)).toBe(file);
  expect(db.$client.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'tokens'").get()).toEqual({ n: 1 });
  expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  const before = fs.statSync(file).size;
  db.transaction((tx) => {
    for (let i = 0; i < 3000; i++) tx.insert(branches).values({ code: `b${i}`, name: 'チェックポイント'.repeat(10) }).run();
  });
  expect(fs.statSync(file).size).toBe(before);
  await expect.poll(() => fs.statSync(file).size, { timeout: 5000 }).toBeGreaterThan(before + 100_000);
});
