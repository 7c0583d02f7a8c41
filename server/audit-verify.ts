// `npm run audit:verify` (operations.md): walks the audit trail's hash chain in id order, in
// batches so that millions of rows never sit in memory, and names the first row where it
// breaks: content edited after the fact (its hash no longer matches), a row deleted or rows
// reordered (a row's `prev_hash` is not its predecessor's hash). The result is itself an audit
// row, `audit.chain_verified`, which the console shows.
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents, type AuditEvent } from '@/db/schema';
import { auditRowHash, GENESIS_HASH } from '@/lib/audit/chain-hash';
import { jstIso } from '@/lib/jst';
import { recordAudit } from './audit';

export type ChainBreak = 'content_changed' | 'broken_link' | 'missing_hash' | 'verified_head_changed';

export interface ChainVerification {
  ok: boolean;
  /** Chained rows checked. */
  checked: number;
  /** Rows written before the chain existed (no hash), all before the first chained row. */
  legacy: number;
  /** The last row checked, and its hash: keep it elsewhere to notice a cut-off tail later. */
  throughId: number | null;
  headHash: string | null;
  firstBad?: { id: number; reason: ChainBreak };
}

function checkRow(row: AuditEvent, expectedPrev: string): ChainBreak | null {
  if (row.rowHash == null) return 'missing_hash';
  if (row.prevHash !== expectedPrev) return 'broken_link';
  return auditRowHash(row.prevHash, row) === row.rowHash ? null : 'content_changed';
}

/** The head an earlier successful run saw must still be there, unchanged. */
async function earlierHeadChanged(db: Db): Promise<number | null> {
  const last = await lastChainVerification(db);
  if (!last?.ok || last.throughId == null) return null;
  const [row] = await db.select({ rowHash: auditEvents.rowHash }).from(auditEvents).where(eq(auditEvents.id, last.throughId)).limit(1);
  return row?.rowHash === last.headHash ? null : last.throughId;
}

export async function verifyAuditChain(db: Db, options: { batchSize?: number } = {}): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 5_000;
  const result: ChainVerification = { ok: true, checked: 0, legacy: 0, throughId: null, headHash: null };
  let previousHash: string | null = null;
  let cursor = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, cursor)).orderBy(asc(auditEvents.id)).limit(batchSize);
    for (const row of rows) {
      if (row.rowHash == null && previousHash == null) {
        result.legacy++;
        continue;
      }
      const reason = checkRow(row, previousHash ?? GENESIS_HASH);
      if (reason) return { ...result, ok: false, firstBad: { id: row.id, reason } };
      previousHash = row.rowHash;
      result.checked++;
      result.throughId = row.id;
      result.headHash = row.rowHash;
    }
    if (rows.length < batchSize) break;
    cursor = rows.at(-1)!.id;
  }
  const changedHead = await earlierHeadChanged(db);
  if (changedHead != null) return { ...result, ok: false, firstBad: { id: changedHead, reason: 'verified_head_changed' } };
  return result;
}

/** Verifies and records the outcome in the trail (an `audit.chain_verified` row). */
export async function verifyAndRecord(db: Db, options: { batchSize?: number } = {}): Promise<ChainVerification> {
  const result = await verifyAuditChain(db, options);
  await recordAudit(db, {
    event: 'audit.chain_verified',
    outcome: result.ok ? 'success' : 'failure',
    actorType: 'system',
    detail: { checked: result.checked, legacy: result.legacy, throughId: result.throughId, headHash: result.headHash, firstBadId: result.firstBad?.id ?? null, reason: result.firstBad?.reason ?? null },
  });
  return result;
}

export interface LastVerification {
  at: string;
  ok: boolean;
  throughId: number | null;
  headHash: string | null;
  firstBadId: number | null;
}

/** The newest `audit.chain_verified` row (the event index serves it: no scan). */
export async function lastChainVerification(db: Db): Promise<LastVerification | null> {
  const [row] = await db
    .select({ occurredAt: auditEvents.occurredAt, outcome: auditEvents.outcome, detail: auditEvents.detail })
    .from(auditEvents)
    .where(and(eq(auditEvents.event, 'audit.chain_verified')))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  if (!row) return null;
  const detail = (row.detail ?? {}) as { throughId?: number | null; headHash?: string | null; firstBadId?: number | null };
  return { at: row.occurredAt, ok: row.outcome === 'success', throughId: detail.throughId ?? null, headHash: detail.headHash ?? null, firstBadId: detail.firstBadId ?? null };
}

export function describeVerification(result: ChainVerification, now = new Date()): string {
  const head = result.throughId == null ? 'no chained rows' : `through row ${result.throughId} (hash ${result.headHash})`;
  if (result.ok) return `audit chain ok at ${jstIso(now)}: ${result.checked} rows ${head}; ${result.legacy} rows from before the chain`;
  return `audit chain BROKEN at row ${result.firstBad!.id}: ${result.firstBad!.reason}; ${result.checked} rows before it were intact`;
}
