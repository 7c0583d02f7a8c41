// One linkage's whole story for the console (/admin/linkages/[id]): who linked which accounts
// to which partner, its tokens (never their hashes), its usage and its audit rows.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { companies, grants, partners, tokens, users } from '@/db/schema';
import { linkageUsage } from '../linkage-insight';
import { linkedAccountsOf, statusOf } from '../linkages';
import { listAuditPage, type AuditPage } from './audit-trail';

export const HISTORY_ROWS = 200;

export async function linkageHistory(db: Db, grantId: string, cursor: { before?: number } = {}, now = new Date()) {
  const [grant] = await db
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
    .limit(1);
  if (!grant) return null;
  const issued = await db
    .select({ kind: tokens.kind, createdAt: tokens.createdAt, expiresAt: tokens.expiresAt, rotatedAt: tokens.rotatedAt, revokedAt: tokens.revokedAt })
    .from(tokens)
    .where(eq(tokens.grantId, grantId))
    .orderBy(desc(tokens.createdAt))
    .limit(100);
  const history: AuditPage = await listAuditPage(db, { grantId }, cursor, HISTORY_ROWS);
  const accounts = (await linkedAccountsOf(db, [grantId])).get(grantId) ?? [];
  const usage = (await linkageUsage(db, [grantId], now)).get(grantId)!;
  return { grant: { ...grant, status: statusOf(grant, now) }, accounts, tokens: issued, usage, history };
}
