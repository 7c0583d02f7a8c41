// The audit trail (security.md): every security-relevant event, append-only, in JST.
// Callers pass the transaction they are in, so the entry commits or rolls back with the
// change it describes. Never put secrets (passwords, PINs, tokens, codes) in `detail`.
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents, type NewAuditEvent } from '@/db/schema';
import { CLIENT_ADDRESS_HEADER } from '@/lib/client-address';
import { jstIso } from '@/lib/jst';
import { currentRequestId } from '@/lib/request-context';
import { countAuditEvent } from './observability/audit-metrics';
import { perConnection } from './per-connection';

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

export function recordAudit(db: DbOrTx, entry: AuditEntry, context?: RequestContext): void {
  const row = auditRow(entry, context);
  db.insert(auditEvents).values(row).run();
  countAuditEvent(row);
}

const auditColumns = ['occurredAt', 'event', 'outcome', 'actorType', 'actorId', 'companyId', 'partnerId', 'grantId', 'accountId', 'ip', 'userAgent', 'detail', 'requestId'] as const;

const preparedAuditInsert = perConnection((db: Db) => {
  const values = Object.fromEntries(auditColumns.map((column) => [column, sql.placeholder(column)]));
  return db.insert(auditEvents).values(values as unknown as NewAuditEvent).prepare();
});

/**
 * recordAudit through an insert prepared once per connection, for the hot paths (token
 * refresh, every API read). Called inside `db.transaction()` it is part of that
 * transaction: better-sqlite3 runs everything synchronously on the one connection.
 */
export function recordAuditFast(db: Db, entry: AuditEntry, context?: RequestContext): void {
  const row = auditRow(entry, context) as Record<string, unknown>;
  preparedAuditInsert(db).run(Object.fromEntries(auditColumns.map((column) => [column, row[column] ?? null])));
  countAuditEvent(row as NewAuditEvent);
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
