// Limits shared by every process on the store: two limiters on two pools (two nodes) draw
// from one bucket on PostgreSQL; on SQLite each process keeps its own, as documented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePostgres, openPostgres } from '@/db/postgres';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { SharedRateLimiter, storeRateLimiter } from './shared-rate-limit';
import { RateLimiter } from '@/lib/rate-limit';

let temp: TempDb;
beforeAll(async () => {
  temp = await createTempDb();
});
afterAll(() => temp.cleanup());

describe.skipIf(!onPostgres)('on PostgreSQL', () => {
  it('a limit of N allows N in total across two nodes, then refuses on both until it refills', async () => {
    const otherNode = openPostgres(temp.env.DATABASE_URL!, 2);
    try {
      const nodeA = storeRateLimiter(temp.db, 'token_per_client', 6, 1);
      const nodeB = storeRateLimiter(otherNode, 'token_per_client', 6, 1);
      expect(nodeA).toBeInstanceOf(SharedRateLimiter);
      const now = 1_800_000_000_000;
      const answers = await Promise.all(Array.from({ length: 10 }, async (_, i) => (i % 2 ? nodeA : nodeB).consume('client-1', now)));
      expect(answers.filter((answer) => answer.allowed)).toHaveLength(6);
      const refused = answers.find((answer) => !answer.allowed)!;
      expect(refused.retryAfterSeconds).toBe(1);
      // Another key and another limit have buckets of their own.
      expect((await nodeA.consume('client-2', now)).allowed).toBe(true);
      expect((await storeRateLimiter(otherNode, 'login_per_source', 1, 1).consume('client-1', now)).allowed).toBe(true);
      // Two seconds later two more, on either node, and not three.
      const later = await Promise.all([nodeB, nodeA, nodeB].map(async (node) => node.consume('client-1', now + 2000)));
      expect(later.map((answer) => answer.allowed).sort()).toEqual([false, true, true]);
    } finally {
      await closePostgres(otherNode);
    }
  });
});

describe.skipIf(onPostgres)('on SQLite', () => {
  it('each process keeps its own buckets in memory', () => {
    expect(storeRateLimiter(temp.db, 'token_per_client', 6, 1)).toBeInstanceOf(RateLimiter);
  });
});
