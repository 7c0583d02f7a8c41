// What credit-union staff see and do in /admin. Every change is admin-only and audited;
// auditors read. Returned objects never hold hashes.
import { and, asc, desc, eq, gt, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { changedRows } from '@/db/prepared';
import { accounts, branches, companies, grants, partners, staff, users, type Staff } from '@/db/schema';
import { recordAudit, type RequestContext } from '../audit';
import { revokeGrant } from '../grants';
import { isLocked } from '../password-login';
import { writeTransaction } from '../write-transaction';
import { staffLockoutStore, staffLockPolicy } from './staff-auth';
import { containsText } from './text-match';

export type StaffActor = Pick<Staff, 'id' | 'role'>;

export class StaffForbiddenError extends Error {
  constructor() {
    super('This operation needs the administrator role.');
  }
}

export function assertAdmin(actor: StaffActor): void {
  if (actor.role !== 'admin') throw new StaffForbiddenError();
}

export async function listPartnersForStaff(db: Db) {
  return db
    .select({
      id: partners.id,
      clientId: partners.clientId,
      companyName: partners.companyName,
      serviceName: partners.serviceName,
      scopes: partners.scopes,
      customerChoosesScopes: partners.customerChoosesScopes,
      grantPeriodDays: partners.grantPeriodDays,
      status: partners.status,
      securityProfile: partners.securityProfile,
      registrationNumber: partners.registrationNumber,
    })
    .from(partners)
    .orderBy(asc(partners.displayOrder));
}

/**
 * Suspending a partner stops its tokens at once (the API and token endpoint check status):
 * an emergency stop, so one administrator may do it. Reactivation needs a second one
 * (partner-changes.ts).
 */
export async function setPartnerStatus(db: Db, actor: StaffActor, partnerId: string, status: 'suspended', context: RequestContext): Promise<boolean> {
  assertAdmin(actor);
  return writeTransaction(db, async (tx) => {
    const changed = changedRows(await tx.update(partners).set({ status }).where(and(eq(partners.id, partnerId), eq(partners.status, 'active')))) > 0;
    if (changed) {
      await recordAudit(tx, { event: 'admin.partner_suspended', outcome: 'success', actorType: 'staff', actorId: actor.id, partnerId }, context);
    }
    return changed;
  });
}

/** Active linkages, optionally narrowed by company name, login ID or partner. */
export async function listActiveLinkages(db: Db, query: string, now = new Date()) {
  const conditions: SQL[] = [isNull(grants.revokedAt), gt(grants.expiresAt, now)];
  if (query) {
    const contains = (column: Parameters<typeof containsText>[1]) => containsText(db, column, query);
    conditions.push(or(contains(companies.name), contains(users.loginId), contains(partners.serviceName), contains(partners.companyName))!);
  }
  return db
    .select({
      id: grants.id,
      companyName: companies.name,
      loginId: users.loginId,
      partnerServiceName: partners.serviceName,
      partnerCompanyName: partners.companyName,
      scopes: grants.scopes,
      createdAt: grants.createdAt,
      expiresAt: grants.expiresAt,
    })
    .from(grants)
    .innerJoin(companies, eq(companies.id, grants.companyId))
    .innerJoin(users, eq(users.id, grants.userId))
    .innerJoin(partners, eq(partners.id, grants.partnerId))
    .where(and(...conditions))
    .orderBy(desc(grants.createdAt))
    .limit(200);
}

/** The customer phoned the credit union to stop a linkage (the notice's 意思確認 promise). */
export async function revokeLinkageByStaff(db: Db, actor: StaffActor, grantId: string, context: RequestContext): Promise<boolean> {
  assertAdmin(actor);
  return writeTransaction(db, async (tx) => {
    const [grant] = await tx.select({ id: grants.id, partnerId: grants.partnerId, companyId: grants.companyId }).from(grants).where(eq(grants.id, grantId)).limit(1);
    if (!grant || !(await revokeGrant(tx, grant.id, 'staff_revoked'))) return false;
    await recordAudit(tx, { event: 'admin.linkage_revoked', outcome: 'success', actorType: 'staff', actorId: actor.id, grantId: grant.id, partnerId: grant.partnerId, companyId: grant.companyId }, context);
    return true;
  });
}

export async function listLockedUsers(db: Db) {
  return db
    .select({ id: users.id, loginId: users.loginId, displayName: users.displayName, companyName: companies.name, lockedAt: users.lockedAt })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(isNotNull(users.lockedAt))
    .orderBy(desc(users.lockedAt));
}

export async function listPinLockedAccounts(db: Db) {
  return db
    .select({
      id: accounts.id,
      companyName: companies.name,
      branchName: branches.name,
      branchCode: accounts.branchCode,
      typeCode: accounts.typeCode,
      number: accounts.number,
      lockedAt: accounts.pinLockedAt,
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .innerJoin(branches, eq(branches.code, accounts.branchCode))
    .where(isNotNull(accounts.pinLockedAt))
    .orderBy(desc(accounts.pinLockedAt));
}

export async function unlockUser(db: Db, actor: StaffActor, userId: string, context: RequestContext): Promise<boolean> {
  assertAdmin(actor);
  return writeTransaction(db, async (tx) => {
    const [user] = await tx.select({ companyId: users.companyId }).from(users).where(and(eq(users.id, userId), isNotNull(users.lockedAt))).limit(1);
    if (!user) return false;
    await tx.update(users).set({ lockedAt: null, failedLoginCount: 0 }).where(eq(users.id, userId));
    await recordAudit(tx, { event: 'admin.user_unlocked', outcome: 'success', actorType: 'staff', actorId: actor.id, companyId: user.companyId, detail: { userId } }, context);
    return true;
  });
}

/** Staff whose lock is still in force, with when it ends by itself. */
export async function listLockedStaff(db: Db, now = new Date()) {
  const policy = staffLockPolicy();
  const locked = await db
    .select({ id: staff.id, loginId: staff.loginId, displayName: staff.displayName, passwordHash: staff.passwordHash, failedLoginCount: staff.failedLoginCount, lockedAt: staff.lockedAt })
    .from(staff)
    .where(isNotNull(staff.lockedAt))
    .orderBy(desc(staff.lockedAt));
  return locked
    .filter((member) => isLocked(member, policy, now))
    .map(({ id, loginId, displayName, lockedAt }) => ({ id, loginId, displayName, lockedAt, endsAt: new Date(lockedAt!.getTime() + policy.lockEndsAfterMs) }));
}

/** An administrator ends another staff member's lock before it ends by itself (audited). */
export async function unlockStaff(db: Db, actor: StaffActor, staffId: string, context: RequestContext): Promise<boolean> {
  assertAdmin(actor);
  return writeTransaction(db, async (tx) => {
    const [member] = await tx.select({ id: staff.id }).from(staff).where(and(eq(staff.id, staffId), isNotNull(staff.lockedAt))).limit(1);
    if (!member) return false;
    await staffLockoutStore.clear(tx, member.id);
    await recordAudit(tx, { event: 'admin.staff_unlocked', outcome: 'success', actorType: 'staff', actorId: actor.id, detail: { staffId } }, context);
    return true;
  });
}

export async function unlockAccountPin(db: Db, actor: StaffActor, accountId: string, context: RequestContext): Promise<boolean> {
  assertAdmin(actor);
  return writeTransaction(db, async (tx) => {
    const [account] = await tx.select({ companyId: accounts.companyId }).from(accounts).where(and(eq(accounts.id, accountId), isNotNull(accounts.pinLockedAt))).limit(1);
    if (!account) return false;
    await tx.update(accounts).set({ pinLockedAt: null, pinFailedCount: 0 }).where(eq(accounts.id, accountId));
    await recordAudit(tx, { event: 'admin.pin_unlocked', outcome: 'success', actorType: 'staff', actorId: actor.id, companyId: account.companyId, accountId }, context);
    return true;
  });
}
