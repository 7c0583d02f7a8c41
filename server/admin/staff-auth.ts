// Staff login for /admin: same lockout rule as customers (security.md), its own counter.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staff, type Staff } from '@/db/schema';
import { config } from '@/lib/config';
import { recordAudit, type RequestContext } from '../audit';
import { dummyPasswordHash, verifySecret } from '../password-hash';
import { writeTransaction } from '../write-transaction';

export type StaffLoginResult =
  | { ok: true; staff: Pick<Staff, 'id' | 'loginId' | 'displayName' | 'role'> }
  | { ok: false; reason: 'invalid' | 'locked' };

export async function authenticateStaff(db: Db, loginId: string, password: string, context: RequestContext): Promise<StaffLoginResult> {
  const member = db.select().from(staff).where(eq(staff.loginId, loginId)).get();
  // Verify against a real hash even for an unknown ID so timing does not reveal which IDs exist.
  const valid = await verifySecret(member?.passwordHash ?? (await dummyPasswordHash()), password);

  return writeTransaction(db, (tx) => {
    if (!member) {
      recordAudit(tx, { event: 'staff.login', outcome: 'failure', actorType: 'anonymous', detail: { reason: 'unknown_id' } }, context);
      return { ok: false, reason: 'invalid' } as const;
    }
    const current = tx.select().from(staff).where(eq(staff.id, member.id)).get()!;
    if (current.lockedAt) {
      recordAudit(tx, { event: 'staff.login', outcome: 'failure', actorType: 'staff', actorId: member.id, detail: { reason: 'locked' } }, context);
      return { ok: false, reason: 'locked' } as const;
    }
    if (!valid) {
      const failures = current.failedLoginCount + 1;
      const lock = failures >= config.loginLockThreshold;
      tx.update(staff)
        .set({ failedLoginCount: sql`${staff.failedLoginCount} + 1`, lockedAt: lock ? new Date() : null })
        .where(eq(staff.id, member.id))
        .run();
      recordAudit(tx, { event: lock ? 'staff.locked' : 'staff.login', outcome: 'failure', actorType: 'staff', actorId: member.id, detail: { reason: 'wrong_password', failures } }, context);
      return { ok: false, reason: lock ? 'locked' : 'invalid' } as const;
    }
    tx.update(staff).set({ failedLoginCount: 0 }).where(eq(staff.id, member.id)).run();
    recordAudit(tx, { event: 'staff.login', outcome: 'success', actorType: 'staff', actorId: member.id }, context);
    return { ok: true, staff: { id: member.id, loginId: member.loginId, displayName: member.displayName, role: member.role } } as const;
  });
}
