// What a linkage has been used for: the partner's last successful account-data read and the
// reads of the last 30 days, per linkage and for the console's overview. The source is
// `api_read_days` (one row per linkage and JST day), bumped in the same transaction as the
// `api.read` audit row, so a page reads at most 31 small rows per linkage instead of counting
// audit rows.
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, sql, sum } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiReadDays, grants, partners } from '@/db/schema';
import { addDays, jstDate } from '@/lib/jst';
import { preparedRun } from '@/db/prepared';

export const INSIGHT_DAYS = 30;

// The later of the stored and the new read time, written portably (SQLite's two-argument
// max() is not PostgreSQL's; PostgreSQL's greatest() is not SQLite's).
const laterReadAt = sql`case when excluded.last_read_at > ${apiReadDays.lastReadAt} then excluded.last_read_at else ${apiReadDays.lastReadAt} end`;

const bumpReadDay = preparedRun('linkage_insight_bump_read_day', (db: Db) =>
  db
    .insert(apiReadDays)
    .values({ grantId: sql.placeholder('grantId'), day: sql.placeholder('day'), partnerId: sql.placeholder('partnerId'), reads: 1, lastReadAt: sql.placeholder('lastReadAt') } as never)
    .onConflictDoUpdate({ target: [apiReadDays.grantId, apiReadDays.day], set: { reads: sql`${apiReadDays.reads} + 1`, lastReadAt: laterReadAt } }),
);

/** Counts one successful read; call inside the transaction that writes its audit row. */
export async function countSuccessfulRead(db: Db, grantId: string, partnerId: string, at: Date): Promise<void> {
  await bumpReadDay(db, { grantId, partnerId, day: jstDate(at), lastReadAt: at });
}

/** The first JST day of the window of INSIGHT_DAYS days that ends today. */
export function windowStart(now: Date): string {
  return addDays(jstDate(now), -(INSIGHT_DAYS - 1));
}

export interface LinkageUsage {
  lastReadAt: Date | null;
  readsLast30Days: number;
}

/** Usage of each of the given linkages (unread ones: no last access, 0 reads). */
export async function linkageUsage(db: Db, grantIds: string[], now = new Date()): Promise<Map<string, LinkageUsage>> {
  const usage = new Map<string, LinkageUsage>(grantIds.map((id) => [id, { lastReadAt: null, readsLast30Days: 0 }]));
  if (grantIds.length === 0) return usage;
  const since = windowStart(now);
  const recent = await db
    .select({ grantId: apiReadDays.grantId, reads: sum(apiReadDays.reads).mapWith(Number), lastReadAt: sql<number>`max(${apiReadDays.lastReadAt})`.mapWith(Number) })
    .from(apiReadDays)
    .where(and(inArray(apiReadDays.grantId, grantIds), gte(apiReadDays.day, since)))
    .groupBy(apiReadDays.grantId);
  for (const row of recent) usage.set(row.grantId, { lastReadAt: new Date(row.lastReadAt), readsLast30Days: row.reads });
  // A last read older than the window: the newest day row of that linkage (primary key, one step).
  for (const [grantId, item] of usage) {
    if (item.lastReadAt) continue;
    const [older] = await db.select({ lastReadAt: apiReadDays.lastReadAt }).from(apiReadDays).where(eq(apiReadDays.grantId, grantId)).orderBy(desc(apiReadDays.day)).limit(1);
    if (older) item.lastReadAt = older.lastReadAt;
  }
  return usage;
}

/** Successful API reads per JST day, oldest first, every day of the window (0 where none). */
export async function readsPerDay(db: Db, now = new Date()): Promise<{ day: string; reads: number }[]> {
  const since = windowStart(now);
  const rows = await db
    .select({ day: apiReadDays.day, reads: sum(apiReadDays.reads).mapWith(Number) })
    .from(apiReadDays)
    .where(gte(apiReadDays.day, since))
    .groupBy(apiReadDays.day)
    .orderBy(asc(apiReadDays.day));
  const byDay = new Map(rows.map((r) => [r.day, r.reads]));
  return Array.from({ length: INSIGHT_DAYS }, (_, i) => {
    const day = addDays(since, i);
    return { day, reads: byDay.get(day) ?? 0 };
  });
}

/** Live linkages per partner, every partner listed (0 where none), in the notice's order. */
export async function activeLinkagesPerPartner(db: Db, now = new Date()): Promise<{ partnerId: string; serviceName: string; companyName: string; active: number }[]> {
  return db
    .select({ partnerId: partners.id, serviceName: partners.serviceName, companyName: partners.companyName, active: count(grants.id) })
    .from(partners)
    .leftJoin(grants, and(eq(grants.partnerId, partners.id), isNull(grants.revokedAt), gt(grants.expiresAt, now)))
    .groupBy(partners.id)
    .orderBy(asc(partners.displayOrder));
}
