// Staff accounts, managed by administrators: create with a temporary password, reset it,
// set the role, disable or enable. Role and disable changes take effect at once (audited):
// the server keeps at least one active administrator and nobody can demote or disable
// themselves, so the console can never be left without one.
import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { changedRows, rowsOfSql } from '@/db/prepared';
import { isPostgres } from '@/db/postgres';
import { sessions, staff } from '@/db/schema';
import { staffPasswordProblem, type CreateStaffInput } from '@/lib/admin/staff-schemas';
import { generateSecretToken, newId } from '@/lib/crypto';
import { recordAudit, type RequestContext } from '../audit';
import { hashSecret, verifySecret } from '../password-hash';
import { writeTransaction, type WriteTx } from '../write-transaction';
import { assertAdmin, type StaffActor } from './console';
import { RegistryRefusal } from './registry-refusal';

/** 160 random bits in base32 (32 characters): shown once, then only its argon2id hash exists. */
function temporaryPassword(): string {
  return generateSecretToken();
}

async function endSessions(tx: WriteTx, staffId: string): Promise<void> {
  await tx.delete(sessions).where(and(eq(sessions.subjectType, 'staff'), eq(sessions.subjectId, staffId)));
}

export async function listStaff(db: Db) {
  return db
    .select({ id: staff.id, loginId: staff.loginId, displayName: staff.displayName, role: staff.role, lockedAt: staff.lockedAt, disabledAt: staff.disabledAt, mustChangePassword: staff.mustChangePassword })
    .from(staff)
    .orderBy(asc(staff.createdAt), asc(staff.loginId));
}

export async function createStaff(db: Db, actor: StaffActor, input: CreateStaffInput, context: RequestContext): Promise<{ staffId: string; temporaryPassword: string }> {
  assertAdmin(actor);
  const password = temporaryPassword();
  const passwordHash = await hashSecret(password);
  return writeTransaction(db, async (tx) => {
    const [taken] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.loginId, input.loginId)).limit(1);
    if (taken) throw new RegistryRefusal('loginIdTaken');
    const staffId = newId('stf');
    await tx.insert(staff).values({ id: staffId, loginId: input.loginId, displayName: input.displayName, role: input.role, passwordHash, mustChangePassword: true });
    await recordAudit(tx, { event: 'admin.staff_created', outcome: 'success', actorType: 'staff', actorId: actor.id, detail: { staffId, loginId: input.loginId, role: input.role } }, context);
    return { staffId, temporaryPassword: password };
  });
}

/** A new temporary password; the member's sessions end and the lock is lifted. */
export async function resetStaffPassword(db: Db, actor: StaffActor, staffId: string, context: RequestContext): Promise<string> {
  assertAdmin(actor);
  const password = temporaryPassword();
  const passwordHash = await hashSecret(password);
  return writeTransaction(db, async (tx) => {
    const updated = changedRows(await tx.update(staff).set({ passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedAt: null }).where(eq(staff.id, staffId)));
    if (updated !== 1) throw new RegistryRefusal('notFound');
    await endSessions(tx, staffId);
    await recordAudit(tx, { event: 'admin.staff_password_reset', outcome: 'success', actorType: 'staff', actorId: actor.id, detail: { staffId } }, context);
    return password;
  });
}

/**
 * Would the change leave no active administrator? SQLite: asked inside the write lock (BEGIN
 * IMMEDIATE). PostgreSQL (READ COMMITTED): every active administrator's row is locked first,
 * in id order, so two administrators disabling each other at once are decided one after the
 * other, and the second sees the first's change instead of both seeing the other active.
 */
async function otherActiveAdmins(tx: WriteTx, staffId: string): Promise<number> {
  const active = and(eq(staff.role, 'admin'), isNull(staff.disabledAt));
  if (isPostgres(tx)) {
    const locked = await rowsOfSql<{ id: string }>(tx, sql`select ${staff.id} as id from ${staff} where ${active} order by ${staff.id} for update`);
    return locked.filter((row) => row.id !== staffId).length;
  }
  const [row] = await tx.select({ n: count() }).from(staff).where(and(active, ne(staff.id, staffId)));
  return row!.n;
}

export async function setStaffRole(db: Db, actor: StaffActor, staffId: string, role: 'admin' | 'auditor', context: RequestContext): Promise<boolean> {
  assertAdmin(actor);
  if (staffId === actor.id) throw new RegistryRefusal('selfChange');
  return writeTransaction(db, async (tx) => {
    const [member] = await tx.select({ role: staff.role }).from(staff).where(eq(staff.id, staffId)).limit(1);
    if (!member) throw new RegistryRefusal('notFound');
    if (member.role === role) return false;
    if (role === 'auditor' && (await otherActiveAdmins(tx, staffId)) === 0) throw new RegistryRefusal('lastAdmin');
    await tx.update(staff).set({ role }).where(eq(staff.id, staffId));
    await recordAudit(tx, { event: 'admin.staff_role_changed', outcome: 'success', actorType: 'staff', actorId: actor.id, detail: { staffId, before: member.role, after: role } }, context);
    return true;
  });
}

/** Disabling ends every session of that member at once; enabling lets them log in again. */
export async function setStaffEnabled(db: Db, actor: StaffActor, staffId: string, enabled: boolean, context: RequestContext, now = new Date()): Promise<boolean> {
  assertAdmin(actor);
  if (staffId === actor.id) throw new RegistryRefusal('selfChange');
  return writeTransaction(db, async (tx) => {
    const [member] = await tx.select({ disabledAt: staff.disabledAt }).from(staff).where(eq(staff.id, staffId)).limit(1);
    if (!member) throw new RegistryRefusal('notFound');
    if ((member.disabledAt === null) === enabled) return false;
    if (!enabled && (await otherActiveAdmins(tx, staffId)) === 0) throw new RegistryRefusal('lastAdmin');
    await tx.update(staff).set({ disabledAt: enabled ? null : now }).where(eq(staff.id, staffId));
    if (!enabled) await endSessions(tx, staffId);
    await recordAudit(tx, { event: enabled ? 'admin.staff_enabled' : 'admin.staff_disabled', outcome: 'success', actorType: 'staff', actorId: actor.id, detail: { staffId } }, context);
    return true;
  });
}

/** The member's own change (required after a temporary password): current one checked first. */
export async function changeOwnPassword(db: Db, staffId: string, current: string, next: string, context: RequestContext): Promise<void> {
  const [member] = await db.select().from(staff).where(eq(staff.id, staffId)).limit(1);
  if (!member || member.disabledAt) throw new RegistryRefusal('notFound');
  const problem = staffPasswordProblem(next, member.loginId);
  if (problem) throw new RegistryRefusal(problem);
  if (!(await verifySecret(member.passwordHash, current))) {
    await recordAudit(db, { event: 'staff.password_changed', outcome: 'failure', actorType: 'staff', actorId: staffId, detail: { reason: 'current_password_wrong' } }, context);
    throw new RegistryRefusal('currentPasswordWrong');
  }
  const passwordHash = await hashSecret(next);
  await writeTransaction(db, async (tx) => {
    await tx.update(staff).set({ passwordHash, mustChangePassword: false }).where(and(eq(staff.id, staffId), eq(staff.passwordHash, member.passwordHash)));
    await recordAudit(tx, { event: 'staff.password_changed', outcome: 'success', actorType: 'staff', actorId: staffId }, context);
  });
}
