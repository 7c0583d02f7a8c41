// The console's audit trail: filtered, keyset-paged by id (newest first), every row with the
// names staff read instead of ids. Each filter has an index that is (column, rowid) inside
// SQLite (db/schema.ts), so a page is an index walk that stops after one page, however many
// millions of rows there are (audit-trail.test.ts checks the query plans).
import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from 'drizzle-orm';
// The same table proxy in every dialect's core; the SQLite one types the SQLite declaration.
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '@/db/client';
import { accounts, auditEvents, branches, companies, grants, partners, staff, users } from '@/db/schema';
import type { AuditSearch } from '@/lib/audit/filter-schema';
import { addDays } from '@/lib/jst';
import { containsText } from './text-match';

export const AUDIT_TRAIL_PAGE_SIZE = 50;

/**
 * Rows are appended in id order with the time of their request, so id order and time order
 * differ only by how long a request takes to commit. The period is turned into id bounds with
 * this margin and then checked on the time itself, so no row near the edges is lost.
 */
const TIME_ORDER_SLACK_MS = 10 * 60 * 1000;

export type AuditFilter = Pick<AuditSearch, 'from' | 'to' | 'event' | 'partner' | 'outcome'> & { companyId?: string; grantId?: string };

const jstMidnight = (day: string) => `${day}T00:00:00.000+09:00`;
const shiftedIso = (iso: string, ms: number) => {
  const d = new Date(new Date(iso).getTime() + ms + 9 * 3_600_000);
  return `${d.toISOString().slice(0, 23)}+09:00`;
};

/** id bounds (exclusive) that hold every row of the period; two index seeks on occurred_at. */
async function periodIdBounds(db: Db, fromIso: string | null, toIso: string | null): Promise<{ above: number; below: number | null }> {
  let above = 0;
  let below: number | null = null;
  if (fromIso) {
    const [edge] = await db.select({ id: auditEvents.id }).from(auditEvents).where(lt(auditEvents.occurredAt, shiftedIso(fromIso, -TIME_ORDER_SLACK_MS))).orderBy(desc(auditEvents.occurredAt)).limit(1);
    above = edge?.id ?? 0;
  }
  if (toIso) {
    const [edge] = await db.select({ id: auditEvents.id }).from(auditEvents).where(gte(auditEvents.occurredAt, shiftedIso(toIso, TIME_ORDER_SLACK_MS))).orderBy(asc(auditEvents.occurredAt)).limit(1);
    below = edge?.id ?? null;
  }
  return { above, below };
}

export async function auditConditions(db: Db, filter: AuditFilter): Promise<SQL[]> {
  const conditions: SQL[] = [];
  if (filter.event) conditions.push(eq(auditEvents.event, filter.event));
  if (filter.companyId) conditions.push(eq(auditEvents.companyId, filter.companyId));
  if (filter.grantId) conditions.push(eq(auditEvents.grantId, filter.grantId));
  if (filter.partner) conditions.push(eq(auditEvents.partnerId, filter.partner));
  if (filter.outcome) conditions.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.from || filter.to) {
    const fromIso = filter.from ? jstMidnight(filter.from) : null;
    const toIso = filter.to ? jstMidnight(addDays(filter.to, 1)) : null;
    const bounds = await periodIdBounds(db, fromIso, toIso);
    if (bounds.above) conditions.push(gt(auditEvents.id, bounds.above));
    if (bounds.below != null) conditions.push(lt(auditEvents.id, bounds.below));
    if (fromIso) conditions.push(gte(auditEvents.occurredAt, fromIso));
    if (toIso) conditions.push(lt(auditEvents.occurredAt, toIso));
  }
  return conditions;
}

const actorUser = alias(users, 'actor_user');
const linkageUser = alias(users, 'linkage_user');

/** One page of rows with names; `direction` says which way from the cursor. */
export function auditRowsQuery(db: Db, conditions: SQL[], direction: 'older' | 'newer', limit: number) {
  return db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      event: auditEvents.event,
      outcome: auditEvents.outcome,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      companyName: companies.name,
      loginId: sql<string | null>`coalesce(${actorUser.loginId}, ${linkageUser.loginId})`,
      partnerServiceName: partners.serviceName,
      partnerCompanyName: partners.companyName,
      staffName: staff.displayName,
      grantId: auditEvents.grantId,
      branchName: branches.name,
      branchCode: accounts.branchCode,
      accountType: accounts.typeCode,
      accountNumber: accounts.number,
      ip: auditEvents.ip,
      userAgent: auditEvents.userAgent,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .leftJoin(companies, eq(companies.id, auditEvents.companyId))
    .leftJoin(actorUser, and(eq(auditEvents.actorType, 'customer'), eq(actorUser.id, auditEvents.actorId)))
    .leftJoin(grants, eq(grants.id, auditEvents.grantId))
    .leftJoin(linkageUser, eq(linkageUser.id, grants.userId))
    .leftJoin(partners, eq(partners.id, auditEvents.partnerId))
    .leftJoin(staff, and(eq(auditEvents.actorType, 'staff'), eq(staff.id, auditEvents.actorId)))
    .leftJoin(accounts, eq(accounts.id, auditEvents.accountId))
    .leftJoin(branches, eq(branches.code, accounts.branchCode))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(direction === 'older' ? desc(auditEvents.id) : asc(auditEvents.id))
    .limit(limit);
}

export type AuditRowView = Awaited<ReturnType<typeof auditRowsQuery>>[number];

export interface AuditPage {
  rows: AuditRowView[];
  /** Cursor for the next older page (`before`), if there are older rows. */
  older: number | null;
  /** Cursor for the next newer page (`after`), if there are newer rows. */
  newer: number | null;
}

async function exists(db: Db, conditions: SQL[]): Promise<boolean> {
  const [row] = await db.select({ id: auditEvents.id }).from(auditEvents).where(and(...conditions)).limit(1);
  return row !== undefined;
}

export async function listAuditPage(db: Db, filter: AuditFilter, cursor: { before?: number; after?: number } = {}, pageSize = AUDIT_TRAIL_PAGE_SIZE): Promise<AuditPage> {
  const base = await auditConditions(db, filter);
  if (cursor.after && !cursor.before) {
    const found = await auditRowsQuery(db, [...base, gt(auditEvents.id, cursor.after)], 'newer', pageSize + 1);
    const rows = found.slice(0, pageSize).reverse();
    return {
      rows,
      newer: found.length > pageSize ? rows[0]!.id : null,
      older: rows.length && (await exists(db, [...base, lt(auditEvents.id, rows.at(-1)!.id)])) ? rows.at(-1)!.id : null,
    };
  }
  const found = await auditRowsQuery(db, cursor.before ? [...base, lt(auditEvents.id, cursor.before)] : base, 'older', pageSize + 1);
  const rows = found.slice(0, pageSize);
  return {
    rows,
    older: found.length > pageSize ? rows.at(-1)!.id : null,
    newer: cursor.before && rows.length && (await exists(db, [...base, gt(auditEvents.id, rows[0]!.id)])) ? rows[0]!.id : null,
  };
}

export type CompanyMatch = { kind: 'none' } | { kind: 'one'; companyId: string; companyName: string } | { kind: 'several'; candidates: { id: string; name: string }[] };

/**
 * "Company or login ID" as staff type it: an exact login ID, else the companies whose name
 * contains the text. Several matches are offered to choose from; the filter itself is always
 * one company, which its index serves in id order.
 */
export async function resolveCompany(db: Db, text: string): Promise<CompanyMatch> {
  const [byLogin] = await db.select({ id: companies.id, name: companies.name }).from(users).innerJoin(companies, eq(companies.id, users.companyId)).where(eq(users.loginId, text)).limit(1);
  if (byLogin) return { kind: 'one', companyId: byLogin.id, companyName: byLogin.name };
  const found = await db.select({ id: companies.id, name: companies.name }).from(companies).where(containsText(db, companies.name, text)).orderBy(asc(companies.name)).limit(20);
  if (found.length === 0) return { kind: 'none' };
  if (found.length === 1) return { kind: 'one', companyId: found[0]!.id, companyName: found[0]!.name };
  return { kind: 'several', candidates: found };
}

/** The search's filter once "company or login ID" is resolved (null: nothing can match). */
export async function auditFilterOf(db: Db, search: AuditSearch): Promise<{ filter: AuditFilter | null; match: CompanyMatch | null }> {
  const { from, to, event, partner, outcome } = search;
  if (search.company) return { filter: { from, to, event, partner, outcome, companyId: search.company }, match: null };
  if (!search.who) return { filter: { from, to, event, partner, outcome }, match: null };
  const match = await resolveCompany(db, search.who);
  return { filter: match.kind === 'one' ? { from, to, event, partner, outcome, companyId: match.companyId } : null, match };
}
