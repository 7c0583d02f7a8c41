import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { runSql } from '@/db/prepared';
import { isPostgres } from '@/db/postgres';
import { auditEvents } from '@/db/schema';
import { auditRowHash, GENESIS_HASH } from '@/lib/audit/chain-hash';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { recordAudit, recordAuditFast } from './audit';
import { groupCommit } from './group-commit';
import { lastChainVerification, verifyAndRecord, verifyAuditChain } from './audit-verify';

type Temp = TempDb;

async function writeRows(temp: Temp, n: number) {
  for (let i = 0; i < n; i++) {
    const entry = { event: 'test.event', outcome: 'success' as const, actorType: 'system' as const, detail: { i, nested: { b: 2, a: [1, { d: null, c: 'x' }] } } };
    if (i % 2) await recordAudit(temp.db, entry);
    else await recordAuditFast(temp.db, entry);
  }
}

/** What an attacker with the database can do: the append-only triggers go first. */
async function dropTriggers(temp: Temp) {
  for (const trigger of ['audit_events_no_update', 'audit_events_no_delete']) {
    await runSql(temp.db, sql.raw(isPostgres(temp.db) ? `DROP TRIGGER ${trigger} ON audit_events` : `DROP TRIGGER ${trigger}`));
  }
}

const inIdOrder = (temp: Temp) => temp.db.select().from(auditEvents).orderBy(asc(auditEvents.id));

describe('the audit hash chain', () => {
  let temp: Temp;
  beforeEach(async () => {
    temp = await createTempDb();
  });
  afterEach(() => temp.cleanup());

  it('chains every row to the one before it, from both writers, and verifies in small batches', async () => {
    await writeRows(temp, 25);
    const rows = await inIdOrder(temp);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.rowHash);
    expect(await verifyAuditChain(temp.db, { batchSize: 4 })).toMatchObject({ ok: true, checked: 25, throughId: rows.at(-1)!.id, headHash: rows.at(-1)!.rowHash });
  });

  it('keeps the chain across group-commit jobs, also when one job rolls back its row', async () => {
    const commit = groupCommit(temp.db);
    const job = (fail: boolean) =>
      commit(async (tx) => {
        await recordAuditFast(tx, { event: 'test.group_commit', outcome: 'success', actorType: 'system' });
        if (fail) throw new Error('this job fails');
      });
    const results = await Promise.allSettled([job(false), job(true), job(false), job(true), job(false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await temp.db.select().from(auditEvents)).toHaveLength(3);
    expect((await verifyAuditChain(temp.db)).ok).toBe(true);
  });

  it('names an edited row', async () => {
    await writeRows(temp, 10);
    await dropTriggers(temp);
    const target = (await inIdOrder(temp))[6]!;
    await temp.db.update(auditEvents).set({ ip: '198.51.100.7' }).where(eq(auditEvents.id, target.id));
    expect(await verifyAuditChain(temp.db, { batchSize: 3 })).toMatchObject({ ok: false, checked: 6, firstBad: { id: target.id, reason: 'content_changed' } });
  });

  it('names an edited detail even when only a nested value changed', async () => {
    await writeRows(temp, 4);
    await dropTriggers(temp);
    const target = (await inIdOrder(temp))[2]!;
    await temp.db.update(auditEvents).set({ detail: { ...target.detail, nested: { b: 3, a: [1, { d: null, c: 'x' }] } } }).where(eq(auditEvents.id, target.id));
    expect((await verifyAuditChain(temp.db)).firstBad).toEqual({ id: target.id, reason: 'content_changed' });
  });

  it('names the row after a deleted one', async () => {
    await writeRows(temp, 10);
    await dropTriggers(temp);
    const rows = await inIdOrder(temp);
    await temp.db.delete(auditEvents).where(eq(auditEvents.id, rows[3]!.id));
    expect((await verifyAuditChain(temp.db)).firstBad).toEqual({ id: rows[4]!.id, reason: 'broken_link' });
  });

  it('names the first of two swapped rows, hashes and all', async () => {
    await writeRows(temp, 8);
    await dropTriggers(temp);
    const rows = await inIdOrder(temp);
    const [a, b] = [rows[2]!, rows[3]!];
    const { id: _a, ...contentA } = a;
    const { id: _b, ...contentB } = b;
    await temp.db.update(auditEvents).set(contentB).where(eq(auditEvents.id, a.id));
    await temp.db.update(auditEvents).set(contentA).where(eq(auditEvents.id, b.id));
    expect((await verifyAuditChain(temp.db)).firstBad).toEqual({ id: a.id, reason: 'broken_link' });
  });

  it('refuses a row without a hash after the chain began', async () => {
    await writeRows(temp, 5);
    await dropTriggers(temp);
    const rows = await inIdOrder(temp);
    await temp.db.update(auditEvents).set({ rowHash: null }).where(eq(auditEvents.id, rows[4]!.id));
    expect((await verifyAuditChain(temp.db)).firstBad).toEqual({ id: rows[4]!.id, reason: 'missing_hash' });
  });

  it('records each run, and refuses a chain rewritten under the head an earlier run verified', async () => {
    await writeRows(temp, 5);
    const first = await verifyAndRecord(temp.db);
    expect(first.ok).toBe(true);
    expect(await lastChainVerification(temp.db)).toMatchObject({ ok: true, throughId: first.throughId, headHash: first.headHash });
    // An attacker with the file edits the verified head and recomputes every hash after it.
    await dropTriggers(temp);
    const rows = await inIdOrder(temp);
    let prev = rows.find((r) => r.id === first.throughId! - 1)!.rowHash!;
    for (const row of rows.filter((r) => r.id >= first.throughId!)) {
      const content = row.id === first.throughId ? { ...row, ip: '198.51.100.9' } : row;
      const rowHash = auditRowHash(prev, content);
      await temp.db.update(auditEvents).set({ ip: content.ip, prevHash: prev, rowHash }).where(eq(auditEvents.id, row.id));
      prev = rowHash;
    }
    expect((await verifyAuditChain(temp.db)).firstBad).toEqual({ id: first.throughId, reason: 'verified_head_changed' });
  });
});
