// Staff login for /admin: the same login, lockout and limits as customers
// (password-login.ts), on the staff table. A staff lock ends by itself after
// STAFF_LOCK_MINUTES (or sooner, when an administrator unlocks it).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staff, type Staff } from '@/db/schema';
import { config } from '@/lib/config';
import { recordAudit, type RequestContext } from '../audit';
import type { createLoginLimiters } from '../login-limits';
import { passwordLogin, type LockoutStore, type LoginFailureReason } from '../password-login';

export type StaffLoginResult =
  | { ok: true; staff: Pick<Staff, 'id' | 'loginId' | 'displayName' | 'role'> }
  | { ok: false; reason: LoginFailureReason; retryAfterSeconds?: number };

export const staffLockoutStore: LockoutStore<Staff> = {
  // A disabled member is not found: their login fails like an unknown ID (same timing).
  findByLoginId: async (db, loginId) => (await db.select().from(staff).where(and(eq(staff.loginId, loginId), isNull(staff.disabledAt))).limit(1))[0],
  findById: async (db, id) => (await db.select().from(staff).where(and(eq(staff.id, id), isNull(staff.disabledAt))).limit(1))[0],
  // One atomic increment: concurrent wrong passwords in any number of processes all count.
  countFailure: async (tx, id) => {
    const [row] = await tx
      .update(staff)
      .set({ failedLoginCount: sql`${staff.failedLoginCount} + 1` })
      .where(eq(staff.id, id))
      .returning({ failedLoginCount: staff.failedLoginCount });
    return row!.failedLoginCount;
  },
  lock: async (tx, id, now) => {
    await tx.update(staff).set({ lockedAt: now }).where(eq(staff.id, id));
  },
  clear: async (tx, id) => {
    await tx.update(staff).set({ failedLoginCount: 0, lockedAt: null }).where(eq(staff.id, id));
  },
};

export function staffLockPolicy() {
  return { threshold: config.loginLockThreshold, lockEndsAfterMs: config.staffLockMinutes * 60_000 };
}

export async function authenticateStaff(
  db: Db,
  loginId: string,
  password: string,
  context: RequestContext,
  options: { now?: Date; limiters?: ReturnType<typeof createLoginLimiters> } = {},
): Promise<StaffLoginResult> {
  const now = options.now ?? new Date();
  const result = await passwordLogin(db, staffLockoutStore, staffLockPolicy(), {
    loginId,
    password,
    context,
    now,
    limiters: options.limiters,
    audit: (tx, entry) =>
      recordAudit(
        tx,
        {
          event: entry.event === 'login' ? 'staff.login' : 'staff.locked',
          outcome: entry.outcome,
          actorType: entry.account ? 'staff' : 'anonymous',
          actorId: entry.account?.id,
          occurredAt: now,
          detail: entry.detail,
        },
        context,
      ),
    onSuccess: () => undefined,
  });
  if (!result.ok) return result;
  const { id, loginId: staffLoginId, displayName, role } = result.account;
  return { ok: true, staff: { id, loginId: staffLoginId, displayName, role } };
}
