// The audit trail (security.md): every security-relevant event, append-only, in JST.
// Callers pass the transaction they are in, so the entry commits or rolls back with the
// change it describes. Never put secrets (passwords, PINs, tokens, codes) in `detail`.
import type { Db } from '@/db/client';
import { auditEvents, type NewAuditEvent } from '@/db/schema';
import { jstIso } from '@/lib/jst';

/** Either the database or a transaction handle from `db.transaction(tx => …)`. */
export type DbOrTx = Pick<Db, 'insert' | 'select' | 'update' | 'delete' | 'query'>;

export type AuditEntry = Omit<NewAuditEvent, 'id' | 'occurredAt'> & { occurredAt?: Date };

/** Where a request came from; partners never see it. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

export function recordAudit(db: DbOrTx, entry: AuditEntry, context?: RequestContext): void {
  const { occurredAt, ...rest } = entry;
  db.insert(auditEvents)
    .values({
      ...rest,
      ip: rest.ip ?? context?.ip ?? null,
      userAgent: rest.userAgent ?? context?.userAgent?.slice(0, 512) ?? null,
      occurredAt: jstIso(occurredAt ?? new Date()),
    })
    .run();
}

/** Reads the client address and user agent from standard request headers. */
export function requestContextFrom(headers: Headers): RequestContext {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return {
    ip: forwarded || headers.get('x-real-ip') || null,
    userAgent: headers.get('user-agent'),
  };
}
