// One linkage's whole story for the console (/admin/linkages/[id]): who linked which accounts
// to which partner, its tokens (never their hashes), its usage and its audit rows.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { companies, grants, partners, tokens, users } from '@/db/schema';
import { linkageUsage } from '../linkage-insight';
import { linkedAccountsOf, statusOf } from '../linkages';
import { listAuditPage, type AuditPage } from './audit-trail';

export const HISTORY_ROWS = 200;

export function linkageHistory(db: Db, grantId: string, cursor: { before?: number } = {}, now = new Date()) {
  const grant = db
    .select({
      id: grants.id,
      scopes: grants.scopes,
      createdAt: grants.createdAt,
      expiresAt: grants.expiresAt,
      revokedAt: grants.revokedAt,
      revokedReason: grants.revokedReason,
      companyName: companies.name,
      loginId: users.loginId,
      partnerServiceName: partners.serviceName,
      partnerCompanyName: partners.companyName,
    })
    .from(grants)
    .innerJoin(companies, eq(companies.id, grants.companyId))
    .innerJoin(users, eq(users.id, grants.userId))
    .innerJoin(partners, eq(partners.id, grants.partnerId))
    .where(eq(grants.id, grantId))
    .get();
  if (!grant) return null;
  const issued = db
    .select({ kind: tokens.kind, createdAt: tokens.createdAt, expiresAt: tokens.expiresAt, rotatedAt: tokens.rotatedAt, revokedAt: tokens.revokedAt })
    .from(tokens)
    .where(eq(tokens.grantId, grantId))
    .orderBy(desc(tokens.createdAt))
    .limit(100)
    .all();
  const history: AuditPage = listAuditPage(db, { grantId }, cursor, HISTORY_ROWS);
  return { grant: { ...grant, status: statusOf(grant, now) }, accounts: linkedAccountsOf(db, [grantId]).get(grantId) ?? [], tokens: issued, usage: linkageUsage(db, [grantId], now).get(grantId)!, history };
}
