import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { seedDemo } from '@/db/seed/demo';
import { auditEvents, staff, users } from '@/db/schema';
import { config } from '@/lib/config';
import type { Db } from '@/db/client';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { listLockedStaff, unlockStaff } from './admin/console';
import { authenticateStaff } from './admin/staff-auth';
import { authenticateCustomer } from './customer-auth';
import { createLoginLimiters } from './login-limits';
import { RefusalSummary } from './refusal-summary';

const at = (ip: string) => ({ ip, userAgent: 'vitest' });

describe('one password login for customers and staff', () => {
  let temp: TempDb;
  let db: Db;
  beforeAll(async () => {
    temp = await createTempDb();
    db = temp.db;
    await seedDemo(db);
  });
  afterAll(() => temp.cleanup());

  const customerLogin = (loginId: string, password: string, ip: string, limiters: ReturnType<typeof createLoginLimiters>, now?: Date) =>
    authenticateCustomer(db, { loginId, password, context: at(ip), audit: { via: 'test' }, onSuccess: () => null, limiters, now });

  it('limits attempts per source address across the customer and staff login paths', async () => {
    const limiters = createLoginLimiters();
    const now = new Date();
    const results = [];
    for (let i = 0; i < config.loginRateLimitPerMinute; i++) {
      // Alternating paths and IDs from one address: moving between them buys nothing.
      results.push(
        i % 2 === 0
          ? await customerLogin(`probe-c${i}`, 'x', '198.51.100.20', limiters, now)
          : await authenticateStaff(db, `probe-s${i}`, 'x', at('198.51.100.20'), { limiters, now }),
      );
    }
    expect(results.every((result) => !result.ok && result.reason === 'invalid_credentials')).toBe(true);
    const refused = await authenticateStaff(db, 'admin', 'Admin#2026-tsunagu', at('198.51.100.20'), { limiters, now });
    expect(refused).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(refused.ok ? 0 : refused.retryAfterSeconds).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await authenticateStaff(db, 'admin', 'Admin#2026-tsunagu', at('198.51.100.21'), { limiters, now })).ok).toBe(true);
  });

  it('summarizes refused attempts in one audit row per source instead of one row each', async () => {
    const limiters = createLoginLimiters();
    const refusals = new RefusalSummary();
    const now = new Date();
    const auditRows = async () => (await db.select().from(auditEvents)).length;
    for (let i = 0; i < config.loginIdRateLimitPerMinute; i++) {
      await authenticateCustomer(db, { loginId: 'probe-summary', password: 'x', context: at('198.51.100.40'), onSuccess: () => null, limiters, refusals, now });
    }
    const before = await auditRows();
    for (let i = 0; i < 5; i++) {
      const refused = await authenticateCustomer(db, { loginId: 'probe-summary', password: 'x', context: at('198.51.100.40'), onSuccess: () => null, limiters, refusals, now });
      expect(refused).toMatchObject({ reason: 'rate_limited' });
    }
    expect(await auditRows()).toBe(before);
    await refusals.flush(db, new Date(now.getTime() + 120_000), { all: true });
    const summary = await db.select().from(auditEvents).where(eq(auditEvents.event, 'rate_limit.exceeded'));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ ip: '198.51.100.40', detail: expect.objectContaining({ limit: 'login', count: 5 }) });
  });

  it('limits attempts per login ID whatever address they come from, before any password check', async () => {
    const limiters = createLoginLimiters();
    const now = new Date();
    for (let i = 0; i < config.loginIdRateLimitPerMinute; i++) {
      await customerLogin('probe-spread', 'x', `203.0.113.${i + 1}`, limiters, now);
    }
    const refused = await customerLogin('probe-spread', 'x', '203.0.113.200', limiters, now);
    expect(refused).toMatchObject({ ok: false, reason: 'rate_limited' });
    // A refused attempt reaches neither the counter nor the password: tsunagu02 is untouched.
    for (let i = 0; i < config.loginIdRateLimitPerMinute; i++) await customerLogin('tsunagu02', 'wrong', `192.0.2.${i + 1}`, limiters, now);
    const failedCount = async () => (await db.select().from(users).where(eq(users.loginId, 'tsunagu02')))[0]!.failedLoginCount;
    const before = await failedCount();
    expect(await customerLogin('tsunagu02', 'wrong', '192.0.2.99', limiters, now)).toMatchObject({ reason: 'rate_limited' });
    expect(await failedCount()).toBe(before);
    await db.update(users).set({ failedLoginCount: 0, lockedAt: null }).where(eq(users.loginId, 'tsunagu02'));
  });

  it('ends a staff lock by itself after the lock period, and counts afresh', async () => {
    const lockedAt = new Date('2026-12-01T01:00:00Z');
    for (let i = 0; i < config.loginLockThreshold; i++) {
      await authenticateStaff(db, 'auditor', 'wrong', at(`192.0.2.${10 + i}`), { limiters: createLoginLimiters(), now: lockedAt });
    }
    const during = new Date(lockedAt.getTime() + (config.staffLockMinutes * 60_000) / 2);
    expect(await authenticateStaff(db, 'auditor', 'Auditor#2026-tsunagu', at('192.0.2.30'), { limiters: createLoginLimiters(), now: during })).toMatchObject({ ok: false, reason: 'locked' });
    expect((await listLockedStaff(db, during)).map((member) => member.loginId)).toEqual(['auditor']);
    const after = new Date(lockedAt.getTime() + config.staffLockMinutes * 60_000);
    expect(await listLockedStaff(db, after)).toEqual([]);
    expect((await authenticateStaff(db, 'auditor', 'Auditor#2026-tsunagu', at('192.0.2.31'), { limiters: createLoginLimiters(), now: after })).ok).toBe(true);
    expect((await db.select().from(staff).where(eq(staff.loginId, 'auditor')))[0]).toMatchObject({ lockedAt: null, failedLoginCount: 0 });
  });

  it('lets an administrator unlock a locked staff member at once, audited, and refuses the auditor', async () => {
    const now = new Date();
    for (let i = 0; i < config.loginLockThreshold; i++) {
      await authenticateStaff(db, 'auditor', 'wrong', at(`192.0.2.${40 + i}`), { limiters: createLoginLimiters(), now });
    }
    const [locked] = await db.select().from(staff).where(eq(staff.loginId, 'auditor'));
    const [admin] = await db.select().from(staff).where(eq(staff.loginId, 'admin'));
    expect(locked!.lockedAt).not.toBeNull();
    // A sync throw or a rejection alike: the auditor may not unlock.
    await expect(Promise.resolve().then(() => unlockStaff(db, locked!, locked!.id, at('192.0.2.50')))).rejects.toThrow();
    expect(await unlockStaff(db, admin!, locked!.id, at('192.0.2.50'))).toBe(true);
    expect((await authenticateStaff(db, 'auditor', 'Auditor#2026-tsunagu', at('192.0.2.51'), { limiters: createLoginLimiters() })).ok).toBe(true);
    const [row] = await db.select().from(auditEvents).where(and(eq(auditEvents.event, 'admin.staff_unlocked'), eq(auditEvents.actorId, admin!.id)));
    expect(row?.detail).toMatchObject({ staffId: locked!.id });
    expect(await unlockStaff(db, admin!, locked!.id, at('192.0.2.50'))).toBe(false);
  });
});
