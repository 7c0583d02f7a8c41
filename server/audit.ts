// The audit trail (security.md): every security-relevant event, append-only, in JST.
// Callers pass the transaction they are in, so the entry commits or rolls back with the
// change it describes. Never put secrets (passwords, PINs, tokens, codes) in `detail`.
import { desc, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents, type NewAuditEvent } from '@/db/schema';
import { auditRowHash, GENESIS_HASH, type ChainedContent } from '@/lib/audit/chain-hash';
import { CLIENT_ADDRESS_HEADER } from '@/lib/client-address';
import { jstIso } from '@/lib/jst';
import { currentRequestId } from '@/lib/request-context';
import { preparedFirst, preparedRun, runSql } from '@/db/prepared';
import { isPostgres } from '@/db/postgres';
import { countAuditEvent } from './observability/audit-metrics';
import { writeTransaction } from './write-transaction';

/** Either the store or a transaction's handle (server/write-transaction.ts). */
export type DbOrTx = Db;

export type AuditEntry = Omit<NewAuditEvent, 'id' | 'occurredAt'> & { occurredAt?: Date };

/** Where a request came from; partners never see it. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

/** Upper bounds of the free-text columns: a request cannot make its audit row large. */
export const AUDIT_LIMITS = { event: 64, id: 128, ip: 45, userAgent: 512, detailBytes: 2048 } as const;

// NUL cannot be stored in a PostgreSQL text column (SQLite keeps it): what a request sent
// (an account id in a path, a user agent) is recorded with U+FFFD in its place, on both stores.
const bounded = (value: string | null | undefined, max: number) => (value == null ? null : value.slice(0, max).replaceAll('\u0000', '\uFFFD'));

function boundedDetail(detail: AuditEntry['detail']): AuditEntry['detail'] {
  if (detail == null) return null;
  const bytes = Buffer.byteLength(JSON.stringify(detail));
  return bytes <= AUDIT_LIMITS.detailBytes ? detail : { truncated: true, bytes };
}

function auditRow(entry: AuditEntry, context?: RequestContext): NewAuditEvent {
  const { occurredAt, ...rest } = entry;
  return {
    ...rest,
    event: rest.event.slice(0, AUDIT_LIMITS.event),
    actorId: bounded(rest.actorId, AUDIT_LIMITS.id),
    companyId: bounded(rest.companyId, AUDIT_LIMITS.id),
    partnerId: bounded(rest.partnerId, AUDIT_LIMITS.id),
    grantId: bounded(rest.grantId, AUDIT_LIMITS.id),
    accountId: bounded(rest.accountId, AUDIT_LIMITS.id),
    ip: bounded(rest.ip ?? context?.ip, AUDIT_LIMITS.ip),
    userAgent: bounded(rest.userAgent ?? context?.userAgent, AUDIT_LIMITS.userAgent),
    detail: boundedDetail(rest.detail),
    requestId: rest.requestId ?? currentRequestId(),
    occurredAt: jstIso(occurredAt ?? new Date()),
  };
}

/**
 * The row with its place in the hash chain (lib/audit/chain-hash.ts). The previous hash is
 * read from the database inside the caller's write transaction, never cached: several
 * processes append to the same trail, and a group-commit job whose savepoint rolls back takes
 * its row with it, so only the table knows the last row. Only one writer may hold the tail at
 * a time, or two rows would name the same predecessor and fork the chain:
 * - SQLite: the caller holds the write lock (BEGIN IMMEDIATE, server/write-transaction.ts).
 * - PostgreSQL: any number of processes write at once, so the transaction first takes one
 *   transaction-scoped advisory lock (AUDIT_CHAIN_LOCK) and holds it until it commits or
 *   rolls back; the next writer then reads the committed tail. Rows are chained in id order
 *   because ids, too, are taken under that lock, by the insert that follows the read.
 */
function chained(row: NewAuditEvent, lastHash: string | null | undefined): NewAuditEvent {
  const prevHash = lastHash ?? GENESIS_HASH;
  return { ...row, prevHash, rowHash: auditRowHash(prevHash, row as ChainedContent) };
}

/** pg_advisory_xact_lock key of the audit chain's tail (any constant all nodes agree on). */
export const AUDIT_CHAIN_LOCK = 7_100_001;

async function holdChainTail(tx: Db): Promise<void> {
  if (isPostgres(tx)) await runSql(tx, sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
}

async function lastHashOf(tx: Db): Promise<string | undefined> {
  await holdChainTail(tx);
  const [last] = await tx.select({ rowHash: auditEvents.rowHash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return last?.rowHash ?? undefined;
}

/** Appends one audit row; outside a transaction the read of the tail and the insert are still one step. */
export async function recordAudit(db: Db, entry: AuditEntry, context?: RequestContext): Promise<void> {
  const row = auditRow(entry, context);
  await writeTransaction(db, async (tx) => {
    await tx.insert(auditEvents).values(chained(row, await lastHashOf(tx)));
  });
  countAuditEvent(row);
}

const auditColumns = ['occurredAt', 'event', 'outcome', 'actorType', 'actorId', 'companyId', 'partnerId', 'grantId', 'accountId', 'ip', 'userAgent', 'detail', 'requestId', 'prevHash', 'rowHash'] as const;

const auditValues = Object.fromEntries(auditColumns.map((column) => [column, sql.placeholder(column)])) as unknown as NewAuditEvent;
const insertAuditRow = preparedRun('audit_insert', (db) => db.insert(auditEvents).values(auditValues));
const lastAuditHash = preparedFirst('audit_last_hash', (db) => db.select({ rowHash: auditEvents.rowHash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1));

/**
 * recordAudit through statements prepared once per connection, for the hot paths (token
 * refresh, every API read). Called with a transaction's handle it is part of that transaction.
 */
export async function recordAuditFast(db: Db, entry: AuditEntry, context?: RequestContext): Promise<void> {
  const row = auditRow(entry, context);
  await writeTransaction(db, async (tx) => {
    await holdChainTail(tx);
    const full = chained(row, (await lastAuditHash(tx))?.rowHash) as Record<string, unknown>;
    await insertAuditRow(tx, Object.fromEntries(auditColumns.map((column) => [column, full[column] ?? null])));
  });
  countAuditEvent(row);
}

/**
 * The client address our own listener worked out (lib/client-address.ts; never a header
 * the client chose) and the user agent.
 */
export function requestContextFrom(headers: Headers): RequestContext {
  return {
    ip: headers.get(CLIENT_ADDRESS_HEADER),
    userAgent: headers.get('user-agent'),
  };
}
