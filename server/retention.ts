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
// Each table is walked in ranges (of rowids on SQLite, of the primary key on PostgreSQL,
// which has no stable row number), one short transaction per range, with the event loop free
// in between: however much there is to delete, neither SQLite's write lock, PostgreSQL's row
// locks nor this process is held for long, and no index on the expiry columns is needed.
import { and, eq, exists, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '@/db/client';
import { isPostgres } from '@/db/postgres';
import { changedRows, rowsOfSql } from '@/db/prepared';
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
  /** The primary key's columns: the order PostgreSQL walks the table in. */
  key: AnySQLiteColumn[];
  expired: (tx: WriteTx, now: Date) => SQL;
  /** Deletes what depends on the rows about to go; returns how many. */
  before?: (tx: WriteTx, doomed: SQL) => Promise<number>;
  /** Clears what must not outlive its time in the rows that stay. */
  sweep?: (tx: WriteTx, range: SQL, now: Date) => Promise<unknown>;
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
    key: [authorizationRequests.id],
    expired: (_tx, now) => lte(authorizationRequests.expiresAt, graceBefore(now)),
    before: async (tx, doomed) =>
      changedRows(
        await tx
          .delete(apiPinRegistrations)
        .where(
          and(
            eq(apiPinRegistrations.status, 'pending'),
              inArray(apiPinRegistrations.requestId, tx.select({ id: authorizationRequests.id }).from(authorizationRequests).where(doomed)),
            ),
          ),
      ),
  },
  // Nothing refers to a pushed request once taken: the journey's own request carries it on.
  {
    name: 'pushedAuthorizationRequests',
    table: pushedAuthorizationRequests,
    key: [pushedAuthorizationRequests.id],
    expired: (_tx, now) => lte(pushedAuthorizationRequests.expiresAt, now),
  },
  {
    name: 'authorizationCodes',
    table: authorizationCodes,
    key: [authorizationCodes.codeHash],
    expired: (tx, now) => or(lte(authorizationCodes.expiresAt, graceBefore(now)), linkageEnded(tx, authorizationCodes.grantId, now))!,
  },
  {
    name: 'tokens',
    table: tokens,
    key: [tokens.tokenHash],
    expired: (tx, now) => or(lte(tokens.expiresAt, now), linkageEnded(tx, tokens.grantId, now))!,
    // A rotation's sealed answer is gone once its retry window has passed (partner-api.md).
    sweep: async (tx, range, now) =>
      tx
        .update(tokens)
        .set({ retryAnswer: null, retryUntil: null })
        .where(and(range, isNotNull(tokens.retryAnswer), lte(tokens.retryUntil, now))),
  },
  { name: 'sessions', table: sessions, key: [sessions.id], expired: (_tx, now) => lte(sessions.expiresAt, now) },
  // A JWT id past its JWT's expiry can no longer be replayed: the JWT itself is refused.
  { name: 'usedJtis', table: usedJtis, key: [usedJtis.kind, usedJtis.jtiHash], expired: (_tx, now) => lte(usedJtis.expiresAt, now) },
];

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The next range of at most `rows` rows after `after` (undefined: the start); null once walked. */
type NextRange = (tx: WriteTx, target: Target, after: unknown, rows: number) => Promise<{ range: SQL; last: unknown } | null>;

// SQLite: rowids, the table's own order (cheapest, and every table has one).
const rowidRange: NextRange = async (tx, target, after = 0, rows) => {
  const [{ last } = { last: null }] = await rowsOfSql<{ last: number | null }>(
    tx,
    sql`select max(rowid) as last from (select rowid from ${target.table} where rowid > ${after} order by rowid limit ${rows})`,
  );
  return last === null ? null : { range: sql`rowid > ${after} and rowid <= ${last}`, last };
};

// PostgreSQL: the primary key (a ctid moves when a row is updated), compared as a row value
// so that used_jtis' two-column key walks the same way.
const keyRange: NextRange = async (tx, target, after, rows) => {
  const key = sql.join(target.key, sql`, `);
  const tuple = (values: unknown[]) => sql`(${sql.join(values.map((value) => sql`${value}`), sql`, `)})`;
  const from = after === undefined ? sql`true` : sql`(${key}) > ${tuple(after as unknown[])}`;
  const keys = await rowsOfSql<Record<string, unknown>>(tx, sql`select ${key} from ${target.table} where ${from} order by ${key} limit ${rows}`);
  const lastRow = keys.at(-1);
  if (!lastRow) return null;
  const last = target.key.map((column) => lastRow[column.name]);
  return { range: sql`${from} and (${key}) <= ${tuple(last)}`, last };
};

/** One range after `after`; the last row's rowid or key, or null once the table has been walked. */
function purgeRange(db: Db, target: Target, after: unknown, rows: number, now: Date, counts: PurgeCounts): Promise<unknown> {
  return writeTransaction(db, async (tx) => {
    const next = await (isPostgres(tx) ? keyRange : rowidRange)(tx, target, after, rows);
    if (next === null) return null;
    const doomed = and(next.range, target.expired(tx, now))!;
    if (target.before) counts.pendingPinRegistrations += await target.before(tx, doomed);
    counts[target.name] += changedRows(await tx.delete(target.table).where(doomed));
    await target.sweep?.(tx, next.range, now);
    return next.last;
  });
}

/** Deletes what has expired and writes one audit row with the counts (none if nothing went). */
export async function purgeExpired(db: Db, options: PurgeOptions = {}): Promise<PurgeCounts> {
  const now = options.now ?? new Date();
  const rows = options.rangeRows ?? 500;
  const counts: PurgeCounts = { authorizationRequests: 0, pushedAuthorizationRequests: 0, pendingPinRegistrations: 0, authorizationCodes: 0, tokens: 0, sessions: 0, usedJtis: 0 };
  try {
    for (const target of TARGETS) {
      for (let after: unknown = undefined; after !== null; ) {
        if (options.signal?.aborted) {
          await auditPurge(db, counts, now, false);
          return counts;
        }
        after = await purgeRange(db, target, after, rows, now, counts);
        await nextTurn();
      }
    }
  } catch (error) {
    await auditPurge(db, counts, now, false);
    throw error;
  }
  await auditPurge(db, counts, now, true);
  return counts;
}

async function auditPurge(db: Db, counts: PurgeCounts, now: Date, complete: boolean): Promise<void> {
  if (Object.values(counts).every((n) => n === 0)) return;
  try {
    await recordAudit(db, {
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
