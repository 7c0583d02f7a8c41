// One linkage's whole story for the console (/admin/linkages/[id]): who linked which accounts
// to which partner, its tokens (never their hashes), its usage and its audit rows.
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, branches, companies, grantAccounts, grants, partners, tokens, users } from '@/db/schema';
import { linkageUsage } from '../linkage-insight';
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
  const linkedAccounts = db
    .select({ branchName: branches.name, branchCode: accounts.branchCode, typeCode: accounts.typeCode, number: accounts.number })
    .from(grantAccounts)
    .innerJoin(accounts, eq(accounts.id, grantAccounts.accountId))
    .innerJoin(branches, eq(branches.code, accounts.branchCode))
    .where(eq(grantAccounts.grantId, grantId))
    .orderBy(asc(accounts.branchCode), asc(accounts.number))
    .all();
  const issued = db
    .select({ kind: tokens.kind, createdAt: tokens.createdAt, expiresAt: tokens.expiresAt, rotatedAt: tokens.rotatedAt, revokedAt: tokens.revokedAt })
    .from(tokens)
    .where(and(eq(tokens.grantId, grantId)))
    .orderBy(desc(tokens.createdAt))
    .limit(100)
    .all();
  const status = grant.revokedAt ? 'revoked' : grant.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
  const history: AuditPage = listAuditPage(db, { grantId }, cursor, HISTORY_ROWS);
  return { grant: { ...grant, status: status as 'active' | 'expired' | 'revoked' }, accounts: linkedAccounts, tokens: issued, usage: linkageUsage(db, [grantId], now).get(grantId)!, history };
}
