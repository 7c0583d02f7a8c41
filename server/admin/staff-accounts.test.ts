import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { seedDemo } from '@/db/seed/demo';
import { sessions, staff } from '@/db/schema';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { createLoginLimiters } from '../login-limits';
import { createSession, validateSessionToken } from '../sessions';
import { StaffForbiddenError } from './console';
import { RegistryRefusal } from './registry-refusal';
import { changeOwnPassword, createStaff, resetStaffPassword, setStaffEnabled, setStaffRole } from './staff-accounts';
import { authenticateStaff } from './staff-auth';
import { staffGate } from './staff-gate';

const context = { ip: '203.0.113.9', userAgent: 'vitest' };

describe('staff accounts', () => {
  let temp: TempDb;
  type Actor = { id: string; role: 'admin' | 'auditor' };
  let admin: Actor, admin2: Actor, auditor: Actor;
  const login = (loginId: string, password: string) => authenticateStaff(temp.db, loginId, password, context, { limiters: createLoginLimiters() });
  const row = async (id: string) => (await temp.db.select().from(staff).where(eq(staff.id, id)).limit(1))[0]!;
  beforeAll(async () => {
    temp = await createTempDb();
    await seedDemo(temp.db);
    const find = async (loginId: string) => (await temp.db.select({ id: staff.id, role: staff.role }).from(staff).where(eq(staff.loginId, loginId)).limit(1))[0]!;
    [admin, admin2, auditor] = [await find('admin'), await find('admin2'), await find('auditor')];
  });
  afterAll(() => temp.cleanup());

  it('creates staff with a temporary password shown once, that must be changed before anything else', async () => {
    const { staffId, temporaryPassword } = await createStaff(temp.db, admin, { loginId: 'suzuki', displayName: '鈴木 一郎', role: 'auditor' }, context);
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    expect((await row(staffId)).passwordHash).toMatch(/^\$argon2id\$/);
    expect((await row(staffId)).passwordHash).not.toContain(temporaryPassword);
    const first = await login('suzuki', temporaryPassword);
    expect(first.ok).toBe(true);
    expect(staffGate(await row(staffId))).toBe('change_password');
    expect(staffGate(await row(staffId), { passwordChange: true })).toBe('ok');

    await expect(changeOwnPassword(temp.db, staffId, temporaryPassword, 'short', context)).rejects.toThrow(new RegistryRefusal('passwordTooShort'));
    await expect(changeOwnPassword(temp.db, staffId, temporaryPassword, 'suzuki', context)).rejects.toThrow(new RegistryRefusal('passwordTooShort'));
    await expect(changeOwnPassword(temp.db, staffId, 'wrong-current', 'Suzuki#2026-new', context)).rejects.toThrow(new RegistryRefusal('currentPasswordWrong'));
    await changeOwnPassword(temp.db, staffId, temporaryPassword, 'Suzuki#2026-new', context);
    expect(staffGate(await row(staffId))).toBe('ok');
    expect((await login('suzuki', temporaryPassword)).ok).toBe(false);
    expect((await login('suzuki', 'Suzuki#2026-new')).ok).toBe(true);
    await expect(createStaff(temp.db, admin, { loginId: 'suzuki', displayName: '別人', role: 'admin' }, context)).rejects.toThrow(new RegistryRefusal('loginIdTaken'));
  });

  it('refuses a password equal to the login ID even when it is long enough', async () => {
    const { staffId, temporaryPassword } = await createStaff(temp.db, admin, { loginId: 'takahashi-kenta', displayName: '高橋 健太', role: 'auditor' }, context);
    await expect(changeOwnPassword(temp.db, staffId, temporaryPassword, 'Takahashi-Kenta', context)).rejects.toThrow(new RegistryRefusal('passwordIsLoginId'));
  });

  it('resets a password: the old one stops, sessions end, and a change is required again', async () => {
    const { staffId, temporaryPassword } = await createStaff(temp.db, admin, { loginId: 'tanaka', displayName: '田中 次郎', role: 'auditor' }, context);
    await changeOwnPassword(temp.db, staffId, temporaryPassword, 'Tanaka#2026-password', context);
    const { token } = await createSession(temp.db, { type: 'staff', id: staffId });
    const reset = await resetStaffPassword(temp.db, admin, staffId, context);
    expect(await validateSessionToken(temp.db, token, 'staff')).toBeNull();
    expect((await login('tanaka', 'Tanaka#2026-password')).ok).toBe(false);
    expect((await login('tanaka', reset)).ok).toBe(true);
    expect((await row(staffId)).mustChangePassword).toBe(true);
  });

  it('disables a member: their sessions end and they cannot log in until enabled again', async () => {
    const { staffId, temporaryPassword } = await createStaff(temp.db, admin, { loginId: 'ito', displayName: '伊藤 三郎', role: 'admin' }, context);
    const { token } = await createSession(temp.db, { type: 'staff', id: staffId });
    expect(await setStaffEnabled(temp.db, admin, staffId, false, context)).toBe(true);
    expect(await temp.db.select().from(sessions).where(eq(sessions.subjectId, staffId))).toEqual([]);
    expect(await validateSessionToken(temp.db, token, 'staff')).toBeNull();
    expect(await login('ito', temporaryPassword)).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(await setStaffEnabled(temp.db, admin, staffId, true, context)).toBe(true);
    expect((await login('ito', temporaryPassword)).ok).toBe(true);
  });

  it('never lets administrators demote or disable themselves, and keeps one active administrator', async () => {
    await expect(setStaffEnabled(temp.db, admin, admin.id, false, context)).rejects.toThrow(new RegistryRefusal('selfChange'));
    await expect(setStaffRole(temp.db, admin, admin.id, 'auditor', context)).rejects.toThrow(new RegistryRefusal('selfChange'));
    // Leave admin as the only active administrator; then nobody may take that role away.
    for (const member of await temp.db.select().from(staff).where(eq(staff.role, 'admin'))) {
      if (member.id !== admin.id && member.disabledAt === null) expect(await setStaffEnabled(temp.db, admin, member.id, false, context)).toBe(true);
    }
    await expect(setStaffEnabled(temp.db, admin2, admin.id, false, context)).rejects.toThrow(new RegistryRefusal('lastAdmin'));
    await expect(setStaffRole(temp.db, admin2, admin.id, 'auditor', context)).rejects.toThrow(new RegistryRefusal('lastAdmin'));
    expect(await row(admin.id)).toMatchObject({ role: 'admin', disabledAt: null });
    // With a second active administrator again, the same change is allowed.
    expect(await setStaffEnabled(temp.db, admin, admin2.id, true, context)).toBe(true);
    expect(await setStaffRole(temp.db, admin2, admin.id, 'auditor', context)).toBe(true);
    expect(await setStaffRole(temp.db, admin2, admin.id, 'admin', context)).toBe(true);
  });

  it('lets only one of two administrators disabling each other at once succeed', async () => {
    const active = async () => (await temp.db.select().from(staff).where(and(eq(staff.role, 'admin'), isNull(staff.disabledAt)))).map((member) => member.id).sort();
    expect(await active()).toEqual([admin.id, admin2.id].sort());
    const results = await Promise.allSettled([setStaffEnabled(temp.db, admin, admin2.id, false, context), setStaffEnabled(temp.db, admin2, admin.id, false, context)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toEqual([{ status: 'fulfilled', value: true }]);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([{ status: 'rejected', reason: new RegistryRefusal('lastAdmin') }]);
    expect(await active()).toHaveLength(1);
    const [survivor] = await active();
    const disabled = survivor === admin.id ? admin2 : admin;
    expect(await setStaffEnabled(temp.db, survivor === admin.id ? admin : admin2, disabled.id, true, context)).toBe(true);
  });

  it('refuses an auditor every staff change', async () => {
    await expect(createStaff(temp.db, auditor, { loginId: 'x-auditor', displayName: 'x', role: 'admin' }, context)).rejects.toThrow(StaffForbiddenError);
    await expect(resetStaffPassword(temp.db, auditor, admin.id, context)).rejects.toThrow(StaffForbiddenError);
    await expect(setStaffRole(temp.db, auditor, admin.id, 'auditor', context)).rejects.toThrow(StaffForbiddenError);
    await expect(setStaffEnabled(temp.db, auditor, admin.id, false, context)).rejects.toThrow(StaffForbiddenError);
    expect((await row(admin.id)).role).toBe('admin');
  });
});
