import { listAuditPage } from './audit-trail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { accounts, auditEvents, grants, partners, staff, users } from '@/db/schema';
import { newId } from '@/lib/crypto';
import { authenticateStaff } from './staff-auth';
import {
  StaffForbiddenError,
  listActiveLinkages,
  listLockedUsers,
  listPinLockedAccounts,
  revokeLinkageByStaff,
  setPartnerStatus,
  unlockAccountPin,
  unlockUser,
} from './console';

const context = { ip: '203.0.113.5', userAgent: 'vitest' };

describe('admin console', () => {
  let temp: TempDb;
  let seed: DemoSeed;
  let admin: { id: string; role: 'admin' | 'auditor' };
  let auditor: { id: string; role: 'admin' | 'auditor' };
  const staffNamed = async (loginId: string) => (await temp.db.select().from(staff).where(eq(staff.loginId, loginId)).limit(1))[0]!;
  beforeAll(async () => {
    temp = await createTempDb();
    seed = await seedDemo(temp.db);
    admin = await staffNamed('admin');
    auditor = await staffNamed('auditor');
  });
  afterAll(() => temp.cleanup());

  it('logs staff in with the demo password and says nothing about which part was wrong', async () => {
    expect((await authenticateStaff(temp.db, 'admin', 'Admin#2026-tsunagu', context)).ok).toBe(true);
    expect(await authenticateStaff(temp.db, 'admin', 'wrong', context)).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(await authenticateStaff(temp.db, 'nobody', 'wrong', context)).toEqual({ ok: false, reason: 'invalid_credentials' });
  });

  it('locks a staff login after five wrong passwords, even for the right one afterwards', async () => {
    for (let i = 0; i < 4; i++) await authenticateStaff(temp.db, 'auditor', 'wrong', context);
    expect(await authenticateStaff(temp.db, 'auditor', 'wrong', context)).toEqual({ ok: false, reason: 'locked' });
    expect(await authenticateStaff(temp.db, 'auditor', 'Auditor#2026-tsunagu', context)).toEqual({ ok: false, reason: 'locked' });
  });

  it('revokes a linkage when the customer phones in, and finds it by company name first', async () => {
    const id = newId('grt');
    await temp.db.insert(grants).values({ id, companyId: seed.companyIds.tsunagu01, userId: seed.userIds.tsunagu01, partnerId: seed.partnerIds['demo-kaikei']!, scopes: ['accounts:read'], expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await listActiveLinkages(temp.db, 'つなぐ商事')).map((l) => l.id)).toEqual([id]);
    expect(await listActiveLinkages(temp.db, 'みなと')).toEqual([]);
    await expect(revokeLinkageByStaff(temp.db, auditor, id, context)).rejects.toThrow(StaffForbiddenError);
    expect(await revokeLinkageByStaff(temp.db, admin, id, context)).toBe(true);
    expect((await temp.db.select().from(grants).where(eq(grants.id, id)))[0]!.revokedReason).toBe('staff_revoked');
    expect(await listActiveLinkages(temp.db, '')).toEqual([]);
    expect((await listAuditPage(temp.db, { event: 'admin.linkage_revoked' })).rows.map((row) => row.grantId)).toEqual([id]);
  });

  it('finds linkages by login ID whatever its ASCII case, and takes typed wildcards literally', async () => {
    const id = newId('grt');
    await temp.db.insert(grants).values({ id, companyId: seed.companyIds.tsunagu01, userId: seed.userIds.tsunagu01, partnerId: seed.partnerIds['demo-kaikei']!, scopes: ['accounts:read'], expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await listActiveLinkages(temp.db, 'TSUNAGU01')).map((l) => l.id)).toEqual([id]);
    expect((await listActiveLinkages(temp.db, 'Tsunagu0%1')).map((l) => l.id)).toEqual([id]);
    expect(await listActiveLinkages(temp.db, 'tsunagu\\01')).toEqual([]);
    await revokeLinkageByStaff(temp.db, admin, id, context);
  });

  it('unlocks a locked customer and a PIN-locked account', async () => {
    await temp.db.update(users).set({ lockedAt: new Date(), failedLoginCount: 5 }).where(eq(users.loginId, 'tsunagu02'));
    await temp.db.update(accounts).set({ pinLockedAt: new Date(), pinFailedCount: 5 }).where(eq(accounts.number, '1111111'));
    expect((await listLockedUsers(temp.db)).map((u) => u.loginId)).toEqual(['tsunagu02']);
    expect((await listPinLockedAccounts(temp.db)).map((a) => a.number)).toEqual(['1111111']);
    expect(await unlockUser(temp.db, admin, seed.userIds.tsunagu02, context)).toBe(true);
    expect(await unlockAccountPin(temp.db, admin, seed.accountIds['1111111']!, context)).toBe(true);
    expect(await listLockedUsers(temp.db)).toEqual([]);
    expect((await temp.db.select().from(users).where(eq(users.loginId, 'tsunagu02')))[0]!.failedLoginCount).toBe(0);
    expect(await unlockUser(temp.db, admin, seed.userIds.tsunagu02, context)).toBe(false);
  });

  it('suspends a partner only for administrators and audits it', async () => {
    const partnerId = seed.partnerIds['freee']!;
    await expect(setPartnerStatus(temp.db, auditor, partnerId, 'suspended', context)).rejects.toThrow(StaffForbiddenError);
    expect(await setPartnerStatus(temp.db, admin, partnerId, 'suspended', context)).toBe(true);
    expect((await temp.db.select().from(partners).where(eq(partners.id, partnerId)))[0]!.status).toBe('suspended');
    const [entry] = await temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'admin.partner_suspended'));
    expect([entry!.actorId, entry!.ip]).toEqual([admin.id, '203.0.113.5']);
  });
});
