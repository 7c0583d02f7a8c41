// The customer's own view of their company's linkages (連携), and stopping one
// (journey.md "After the journey": the customer may stop sharing on their linkage page).
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, branches, grantAccounts, grants, partners } from '@/db/schema';
import { recordAudit, type RequestContext } from './audit';
import { revokeGrant } from './grants';
import { writeTransaction } from './write-transaction';

export type LinkageStatus = 'active' | 'expired' | 'revoked';

export interface LinkageView {
  id: string;
  partnerServiceName: string;
  partnerCompanyName: string;
  scopes: string[];
  accounts: { branchName: string; branchCode: string; typeCode: string; number: string }[];
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  status: LinkageStatus;
}

export function statusOf(grant: { revokedAt: Date | null; expiresAt: Date }, now: Date): LinkageStatus {
  if (grant.revokedAt) return 'revoked';
  return grant.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** The company's linkages, newest first: active ones and the recent history. */
export async function listCompanyLinkages(db: Db, companyId: string, now = new Date()): Promise<LinkageView[]> {
  const rows = await db
    .select({
      id: grants.id,
      scopes: grants.scopes,
      createdAt: grants.createdAt,
      expiresAt: grants.expiresAt,
      revokedAt: grants.revokedAt,
      partnerServiceName: partners.serviceName,
      partnerCompanyName: partners.companyName,
    })
    .from(grants)
    .innerJoin(partners, eq(partners.id, grants.partnerId))
    .where(eq(grants.companyId, companyId))
    .orderBy(desc(grants.createdAt))
    .limit(50);
  if (rows.length === 0) return [];

  const linked = await linkedAccountsOf(db, rows.map((r) => r.id));

  return rows.map((row) => ({
    ...row,
    accounts: linked.get(row.id) ?? [],
    status: statusOf(row, now),
  }));
}

/** The accounts of each linkage, by branch and number, as the linkage pages show them. */
export async function linkedAccountsOf(db: Db, grantIds: string[]) {
  const rows = await db
    .select({
      grantId: grantAccounts.grantId,
      branchName: branches.name,
      branchCode: accounts.branchCode,
      typeCode: accounts.typeCode,
      number: accounts.number,
    })
    .from(grantAccounts)
    .innerJoin(accounts, eq(accounts.id, grantAccounts.accountId))
    .innerJoin(branches, eq(branches.code, accounts.branchCode))
    .where(inArray(grantAccounts.grantId, grantIds))
    .orderBy(asc(accounts.branchCode), asc(accounts.number));
  const byGrant = new Map<string, Omit<(typeof rows)[number], 'grantId'>[]>();
  for (const { grantId, ...account } of rows) byGrant.set(grantId, [...(byGrant.get(grantId) ?? []), account]);
  return byGrant;
}

export type StopLinkageResult = 'stopped' | 'not_found' | 'already_ended';

/** Stops one of the company's linkages; another company's id answers not_found. */
export function stopLinkageByCustomer(
  db: Db,
  input: { companyId: string; userId: string; grantId: string },
  context: RequestContext,
  now = new Date(),
): Promise<StopLinkageResult> {
  return writeTransaction(db, async (tx): Promise<StopLinkageResult> => {
    const [grant] = await tx
      .select()
      .from(grants)
      .where(and(eq(grants.id, input.grantId), eq(grants.companyId, input.companyId)))
      .limit(1);
    if (!grant) {
      await recordAudit(tx, { event: 'linkage.stop', outcome: 'failure', actorType: 'customer', actorId: input.userId, companyId: input.companyId, detail: { reason: 'not_found' } }, context);
      return 'not_found';
    }
    if (statusOf(grant, now) !== 'active') return 'already_ended';
    await revokeGrant(tx, grant.id, 'customer_revoked', now);
    await recordAudit(
      tx,
      { event: 'linkage.stop', outcome: 'success', actorType: 'customer', actorId: input.userId, companyId: input.companyId, partnerId: grant.partnerId, grantId: grant.id },
      context,
    );
    return 'stopped';
  });
}
