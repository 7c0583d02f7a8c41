import { listAuditPage } from './audit-trail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTempDb } from '@/test/temp-db';
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
  const temp = createTempDb();
  let seed: DemoSeed;
  let admin: { id: string; role: 'admin' | 'auditor' };
  let auditor: { id: string; role: 'admin' | 'auditor' };
  beforeAll(async () => {
    seed = await seedDemo(temp.db);
    admin = temp.db.select().from(staff).where(eq(staff.loginId, 'admin')).get()!;
    auditor = temp.db.select().from(staff).where(eq(staff.loginId, 'auditor')).get()!;
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

  it('revokes a linkage when the customer phones in, and finds it by company name first', () => {
    const id = newId('grt');
    temp.db.insert(grants).values({ id, companyId: seed.companyIds.tsunagu01, userId: seed.userIds.tsunagu01, partnerId: seed.partnerIds['demo-kaikei']!, scopes: ['accounts:read'], expiresAt: new Date(Date.now() + 86_400_000) }).run();
    expect(listActiveLinkages(temp.db, 'つなぐ商事').map((l) => l.id)).toEqual([id]);
    expect(listActiveLinkages(temp.db, 'みなと')).toEqual([]);
    expect(() => revokeLinkageByStaff(temp.db, auditor, id, context)).toThrow(StaffForbiddenError);
    expect(revokeLinkageByStaff(temp.db, admin, id, context)).toBe(true);
    expect(temp.db.select().from(grants).where(eq(grants.id, id)).get()!.revokedReason).toBe('staff_revoked');
    expect(listActiveLinkages(temp.db, '')).toEqual([]);
    expect(listAuditPage(temp.db, { event: 'admin.linkage_revoked' }).rows.map((row) => row.grantId)).toEqual([id]);
  });

  it('unlocks a locked customer and a PIN-locked account', () => {
    temp.db.update(users).set({ lockedAt: new Date(), failedLoginCount: 5 }).where(eq(users.loginId, 'tsunagu02')).run();
    temp.db.update(accounts).set({ pinLockedAt: new Date(), pinFailedCount: 5 }).where(eq(accounts.number, '1111111')).run();
    expect(listLockedUsers(temp.db).map((u) => u.loginId)).toEqual(['tsunagu02']);
    expect(listPinLockedAccounts(temp.db).map((a) => a.number)).toEqual(['1111111']);
    expect(unlockUser(temp.db, admin, seed.userIds.tsunagu02, context)).toBe(true);
    expect(unlockAccountPin(temp.db, admin, seed.accountIds['1111111']!, context)).toBe(true);
    expect(listLockedUsers(temp.db)).toEqual([]);
    expect(temp.db.select().from(users).where(eq(users.loginId, 'tsunagu02')).get()!.failedLoginCount).toBe(0);
    expect(unlockUser(temp.db, admin, seed.userIds.tsunagu02, context)).toBe(false);
  });

  it('suspends a partner only for administrators and audits it', () => {
    const partnerId = seed.partnerIds['freee']!;
    expect(() => setPartnerStatus(temp.db, auditor, partnerId, 'suspended', context)).toThrow(StaffForbiddenError);
    expect(setPartnerStatus(temp.db, admin, partnerId, 'suspended', context)).toBe(true);
    expect(temp.db.select().from(partners).where(eq(partners.id, partnerId)).get()!.status).toBe('suspended');
    const entry = temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'admin.partner_suspended')).get()!;
    expect([entry.actorId, entry.ip]).toEqual([admin.id, '203.0.113.5']);
  });
});
