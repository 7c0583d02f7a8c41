// Customer login (journey.md step 1): every customer login path goes through here, so they
// share one failure counter, one lockout and the login limits (password-login.ts).
// Customers stay locked until staff unlock them.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, type User } from '@/db/schema';
import { config } from '@/lib/config';
import { recordAudit, type AuditEntry, type DbOrTx, type RequestContext } from './audit';
import { passwordLogin, type LockoutStore, type LoginFailureReason } from './password-login';
import type { createLoginLimiters } from './login-limits';
import type { RefusalSummary } from './refusal-summary';

export interface CustomerIdentity {
  id: string;
  companyId: string;
  loginId: string;
  displayName: string;
}

export type CustomerAuthResult<T> =
  | { ok: true; user: CustomerIdentity; value: T }
  | { ok: false; reason: LoginFailureReason; retryAfterSeconds?: number };

export interface CustomerAuthInput<T> {
  loginId: string;
  password: string;
  context: RequestContext;
  /** Added to every audit entry (e.g. the partner a journey login is for). */
  audit?: Pick<AuditEntry, 'partnerId'> & { via: string };
  /** Runs inside the transaction that resets the counter, so both commit together. */
  onSuccess: (tx: DbOrTx, user: CustomerIdentity) => T | Promise<T>;
  now?: Date;
  limiters?: ReturnType<typeof createLoginLimiters>;
  refusals?: RefusalSummary;
}

export const customerLockoutStore: LockoutStore<User> = {
  findByLoginId: async (db, loginId) => (await db.select().from(users).where(eq(users.loginId, loginId)).limit(1))[0],
  findById: async (db, id) => (await db.select().from(users).where(eq(users.id, id)).limit(1))[0],
  // One statement adds and answers the new count, so concurrent failures (other processes
  // too) each see their own number.
  countFailure: async (tx, id) => {
    const [row] = await tx
      .update(users)
      .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
      .where(eq(users.id, id))
      .returning({ failedLoginCount: users.failedLoginCount });
    return row!.failedLoginCount;
  },
  lock: async (tx, id, now) => {
    await tx.update(users).set({ lockedAt: now }).where(eq(users.id, id));
  },
  clear: async (tx, id) => {
    await tx.update(users).set({ failedLoginCount: 0, lockedAt: null }).where(eq(users.id, id));
  },
};

export async function authenticateCustomer<T>(db: Db, input: CustomerAuthInput<T>): Promise<CustomerAuthResult<T>> {
  const now = input.now ?? new Date();
  const result = await passwordLogin(db, customerLockoutStore, { threshold: config.loginLockThreshold, lockEndsAfterMs: null }, {
    loginId: input.loginId,
    password: input.password,
    context: input.context,
    now,
    limiters: input.limiters,
    refusals: input.refusals,
    audit: (tx, entry) =>
      recordAudit(
        tx,
        {
          event: entry.event === 'login' ? 'customer.login' : 'customer.locked',
          outcome: entry.outcome,
          actorType: entry.account ? 'customer' : 'anonymous',
          actorId: entry.account?.id,
          companyId: entry.account?.companyId,
          partnerId: input.audit?.partnerId,
          occurredAt: now,
          detail: { via: input.audit?.via, ...entry.detail },
        },
        input.context,
      ),
    onSuccess: (tx, user) => input.onSuccess(tx, identityOf(user)),
  });
  if (!result.ok) return result;
  return { ok: true, user: identityOf(result.account), value: result.value };
}

function identityOf(user: User): CustomerIdentity {
  return { id: user.id, companyId: user.companyId, loginId: user.loginId, displayName: user.displayName };
}
