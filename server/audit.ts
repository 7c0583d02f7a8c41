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
import { countAuditEvent } from './observability/audit-metrics';
import { perConnection } from './per-connection';
import { writeTransaction } from './write-transaction';

/** Either the database or a transaction handle from `db.transaction(tx => …)`. */
export type DbOrTx = Pick<Db, 'insert' | 'select' | 'update' | 'delete' | 'query'>;

export type AuditEntry = Omit<NewAuditEvent, 'id' | 'occurredAt'> & { occurredAt?: Date };

/** Where a request came from; partners never see it. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

/** Upper bounds of the free-text columns: a request cannot make its audit row large. */
export const AUDIT_LIMITS = { event: 64, id: 128, ip: 45, userAgent: 512, detailBytes: 2048 } as const;

const bounded = (value: string | null | undefined, max: number) => (value == null ? null : value.slice(0, max));

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
 * read from the database inside the caller's write transaction, never cached: the lean
 * server and Next.js append to the same file, and a group-commit job whose savepoint rolls
 * back takes its row with it, so only the table knows the last row. Callers hold the write
 * lock (BEGIN IMMEDIATE, server/write-transaction.ts); a deferred transaction that had read
 * an older snapshot would fail at the INSERT with SQLITE_BUSY_SNAPSHOT, never fork the chain.
 */
function chained(row: NewAuditEvent, lastHash: string | null | undefined): NewAuditEvent {
  const prevHash = lastHash ?? GENESIS_HASH;
  return { ...row, prevHash, rowHash: auditRowHash(prevHash, row as ChainedContent) };
}

const lastHashOf = (db: DbOrTx) => db.select({ rowHash: auditEvents.rowHash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get()?.rowHash;

/** Outside a transaction the read of the last hash and the insert must still be one locked step. */
function underWriteLock(db: DbOrTx, work: (tx: DbOrTx) => void): void {
  if ('$client' in db && !(db as Db).$client.inTransaction) writeTransaction(db as Db, work);
  else work(db);
}

export function recordAudit(db: DbOrTx, entry: AuditEntry, context?: RequestContext): void {
  const row = auditRow(entry, context);
  underWriteLock(db, (tx) => {
    tx.insert(auditEvents).values(chained(row, lastHashOf(tx))).run();
  });
  countAuditEvent(row);
}

const auditColumns = ['occurredAt', 'event', 'outcome', 'actorType', 'actorId', 'companyId', 'partnerId', 'grantId', 'accountId', 'ip', 'userAgent', 'detail', 'requestId', 'prevHash', 'rowHash'] as const;

const preparedAudit = perConnection((db: Db) => {
  const values = Object.fromEntries(auditColumns.map((column) => [column, sql.placeholder(column)]));
  return {
    insert: db.insert(auditEvents).values(values as unknown as NewAuditEvent).prepare(),
    lastHash: db.select({ rowHash: auditEvents.rowHash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).prepare(),
  };
});

/**
 * recordAudit through statements prepared once per connection, for the hot paths (token
 * refresh, every API read). Called inside `db.transaction()` it is part of that
 * transaction: better-sqlite3 runs everything synchronously on the one connection.
 */
export function recordAuditFast(db: Db, entry: AuditEntry, context?: RequestContext): void {
  const statements = preparedAudit(db);
  const row = auditRow(entry, context);
  underWriteLock(db, () => {
    const full = chained(row, statements.lastHash.get()?.rowHash) as Record<string, unknown>;
    statements.insert.run(Object.fromEntries(auditColumns.map((column) => [column, full[column] ?? null])));
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
