// Purge of what has expired (security.md: expired requests, codes, tokens and sessions are
// purged; audit rows never are). Linkages (grants) stay too: the audit trail refers to them,
// and they are what the customer and the console show as history.
//
// What goes, and when:
// - authorization requests: a day after they expired, with their still-pending PIN
//   registrations (a pending registration only ever becomes effective through its request);
// - authorization codes: a day after they expired (a used code presented again within that
//   day still revokes its linkage, RFC 6749 §4.1.2), or once their linkage has ended;
// - tokens: once expired, or once their linkage has ended. A rotated refresh token of a live
//   linkage stays (its expiry is the linkage's): presenting it again must still be detected
//   as reuse (RFC 9700 §4.14.2);
// - pushed authorization requests (RFC 9126): once expired (90 s), used or not;
// - sessions: once expired.
//
// Each table is walked in ranges of rowids, one short IMMEDIATE transaction per range, with
// the event loop free in between: however much there is to delete, neither the write lock
// nor this process is held for long, and no index on the expiry columns is needed.
import { and, eq, exists, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '@/db/client';
import { apiPinRegistrations, authorizationCodes, authorizationRequests, grants, pushedAuthorizationRequests, sessions, tokens, usedJtis } from '@/db/schema';
import { recordAudit } from './audit';
import { writeTransaction, type WriteTx } from './write-transaction';

export const RETENTION_GRACE_MS = 24 * 60 * 60 * 1000;

export interface PurgeCounts {
  authorizationRequests: number;
  pushedAuthorizationRequests: number;
  pendingPinRegistrations: number;
  authorizationCodes: number;
  tokens: number;
  sessions: number;
  usedJtis: number;
}

export interface PurgeOptions {
  now?: Date;
  /** Rows looked at per transaction. */
  rangeRows?: number;
  /** Stops between two transactions (shutdown); what was done so far is audited. */
  signal?: AbortSignal;
}

interface Target {
  name: keyof PurgeCounts;
  table: SQLiteTable;
  expired: (tx: WriteTx, now: Date) => SQL;
  /** Deletes what depends on the rows about to go; returns how many. */
  before?: (tx: WriteTx, doomed: SQL) => number;
  /** Clears what must not outlive its time in the rows that stay. */
  sweep?: (tx: WriteTx, range: SQL, now: Date) => void;
}

const linkageEnded = (tx: WriteTx, grantId: AnySQLiteColumn, now: Date) =>
  exists(
    tx
      .select({ id: grants.id })
      .from(grants)
      .where(and(eq(grants.id, grantId), or(isNotNull(grants.revokedAt), lte(grants.expiresAt, now)))),
  );
const graceBefore = (now: Date) => new Date(now.getTime() - RETENTION_GRACE_MS);

const TARGETS: Target[] = [
  {
    name: 'authorizationRequests',
    table: authorizationRequests,
    expired: (_tx, now) => lte(authorizationRequests.expiresAt, graceBefore(now)),
    before: (tx, doomed) =>
      tx
        .delete(apiPinRegistrations)
        .where(
          and(
            eq(apiPinRegistrations.status, 'pending'),
            inArray(apiPinRegistrations.requestId, tx.select({ id: authorizationRequests.id }).from(authorizationRequests).where(doomed)),
          ),
        )
        .run().changes,
  },
  // Nothing refers to a pushed request once taken: the journey's own request carries it on.
  { name: 'pushedAuthorizationRequests', table: pushedAuthorizationRequests, expired: (_tx, now) => lte(pushedAuthorizationRequests.expiresAt, now) },
  {
    name: 'authorizationCodes',
    table: authorizationCodes,
    expired: (tx, now) => or(lte(authorizationCodes.expiresAt, graceBefore(now)), linkageEnded(tx, authorizationCodes.grantId, now))!,
  },
  {
    name: 'tokens',
    table: tokens,
    expired: (tx, now) => or(lte(tokens.expiresAt, now), linkageEnded(tx, tokens.grantId, now))!,
    // A rotation's sealed answer is gone once its retry window has passed (partner-api.md).
    sweep: (tx, range, now) =>
      void tx
        .update(tokens)
        .set({ retryAnswer: null, retryUntil: null })
        .where(and(range, isNotNull(tokens.retryAnswer), lte(tokens.retryUntil, now)))
        .run(),
  },
  { name: 'sessions', table: sessions, expired: (_tx, now) => lte(sessions.expiresAt, now) },
  // A JWT id past its JWT's expiry can no longer be replayed: the JWT itself is refused.
  { name: 'usedJtis', table: usedJtis, expired: (_tx, now) => lte(usedJtis.expiresAt, now) },
];

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One range of rowids after `after`; null once the table has been walked. */
function purgeRange(db: Db, target: Target, after: number, rows: number, now: Date, counts: PurgeCounts): number | null {
  return writeTransaction(db, (tx) => {
    const { last } = tx.get<{ last: number | null }>(
      sql`select max(rowid) as last from (select rowid from ${target.table} where rowid > ${after} order by rowid limit ${rows})`,
    );
    if (last === null) return null;
    const range = sql`rowid > ${after} and rowid <= ${last}`;
    const doomed = and(range, target.expired(tx, now))!;
    if (target.before) counts.pendingPinRegistrations += target.before(tx, doomed);
    counts[target.name] += tx.delete(target.table).where(doomed).run().changes;
    target.sweep?.(tx, range, now);
    return last;
  });
}

/** Deletes what has expired and writes one audit row with the counts (none if nothing went). */
export async function purgeExpired(db: Db, options: PurgeOptions = {}): Promise<PurgeCounts> {
  const now = options.now ?? new Date();
  const rows = options.rangeRows ?? 500;
  const counts: PurgeCounts = { authorizationRequests: 0, pushedAuthorizationRequests: 0, pendingPinRegistrations: 0, authorizationCodes: 0, tokens: 0, sessions: 0, usedJtis: 0 };
  try {
    for (const target of TARGETS) {
      for (let after: number | null = 0; after !== null; ) {
        if (options.signal?.aborted) {
          auditPurge(db, counts, now, false);
          return counts;
        }
        after = purgeRange(db, target, after, rows, now, counts);
        await nextTurn();
      }
    }
  } catch (error) {
    auditPurge(db, counts, now, false);
    throw error;
  }
  auditPurge(db, counts, now, true);
  return counts;
}

function auditPurge(db: Db, counts: PurgeCounts, now: Date, complete: boolean): void {
  if (Object.values(counts).every((n) => n === 0)) return;
  try {
    recordAudit(db, {
      event: 'retention.purged',
      outcome: complete ? 'success' : 'failure',
      actorType: 'system',
      detail: { ...counts, ...(complete ? {} : { incomplete: true }) },
      occurredAt: now,
    });
  } catch (error) {
    if (complete) throw error;
  }
}
