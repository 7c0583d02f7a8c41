// The audit chain with several writers at once (issue 7): two nodes appending concurrently,
// inside and outside transactions, still give one unbroken chain in id order.
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { closePostgres, openPostgres } from '@/db/postgres';
import { auditEvents } from '@/db/schema';
import { GENESIS_HASH } from '@/lib/audit/chain-hash';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { recordAudit, recordAuditFast } from './audit';
import { verifyAuditChain } from './audit-verify';
import { writeTransaction } from './write-transaction';

let temp: TempDb;
let otherNode: Db;
beforeAll(async () => {
  temp = await createTempDb();
  // PostgreSQL: a second node's own pool. SQLite: the one connection a process has (two
  // connections of one process would wait on each other's write lock; other processes on the
  // same file are serialized by that lock, which BEGIN IMMEDIATE takes before the tail is read).
  otherNode = onPostgres ? openPostgres(temp.env.DATABASE_URL!, 4) : temp.db;
});
afterAll(async () => {
  if (onPostgres) await closePostgres(otherNode);
  await temp.cleanup();
});

it('200 rows appended at once (from two nodes on PostgreSQL) form one chain, each row naming its predecessor', async () => {
  const entry = (i: number) => ({ event: `test.writer_${i % 7}`, outcome: 'success' as const, actorType: 'system' as const, actorId: `writer-${i}` });
  await Promise.all(
    Array.from({ length: 200 }, (_, i) => {
      const node = i % 2 ? temp.db : otherNode;
      if (i % 3 === 0) return recordAuditFast(node, entry(i));
      if (i % 3 === 1) return recordAudit(node, entry(i));
      return writeTransaction(node, (tx) => recordAudit(tx, entry(i)));
    }),
  );
  const rows = await temp.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
  expect(rows).toHaveLength(200);
  expect(new Set(rows.map((row) => row.actorId)).size).toBe(200);
  expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
  for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.rowHash);
  const verified = await verifyAuditChain(temp.db);
  expect(verified).toMatchObject({ ok: true, checked: 200 });
});
