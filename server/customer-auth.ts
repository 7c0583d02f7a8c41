// Customer login with the lockout of journey.md step 1: consecutive wrong passwords are
// counted on the user, the user locks at config.loginLockThreshold, and only staff unlock.
// Every login path goes through here, so they all share one counter.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, type User } from '@/db/schema';
import { config } from '@/lib/config';
import { recordAudit, type AuditEntry, type DbOrTx, type RequestContext } from './audit';
import { dummyPasswordHash, verifySecret } from './password-hash';
import { writeTransaction } from './write-transaction';

export interface CustomerIdentity {
  id: string;
  companyId: string;
  loginId: string;
  displayName: string;
}

export type CustomerAuthResult<T> =
  | { ok: true; user: CustomerIdentity; value: T }
  | { ok: false; reason: 'invalid_credentials' | 'locked' };

export interface CustomerAuthInput<T> {
  loginId: string;
  password: string;
  context: RequestContext;
  /** Added to every audit entry (e.g. the partner a journey login is for). */
  audit?: Pick<AuditEntry, 'partnerId'> & { via: string };
  /** Runs inside the transaction that resets the counter, so both commit together. */
  onSuccess: (tx: DbOrTx, user: CustomerIdentity) => T;
  now?: Date;
}

export async function authenticateCustomer<T>(db: Db, input: CustomerAuthInput<T>): Promise<CustomerAuthResult<T>> {
  const now = input.now ?? new Date();
  const found = db.select().from(users).where(eq(users.loginId, input.loginId)).get();
  // argon2 outside the transaction (it is slow and better-sqlite3 transactions are
  // synchronous); an unknown ID is verified against a dummy hash so timing says nothing.
  const passwordOk = await verifySecret(found?.passwordHash ?? (await dummyPasswordHash()), input.password);

  return writeTransaction(db, (tx): CustomerAuthResult<T> => {
    const audit = (entry: Omit<AuditEntry, 'occurredAt'>) =>
      recordAudit(
        tx,
        { ...entry, partnerId: input.audit?.partnerId, occurredAt: now, detail: { via: input.audit?.via, ...entry.detail } },
        input.context,
      );
    const user = found && tx.select().from(users).where(eq(users.id, found.id)).get();
    if (!user) {
      audit({ event: 'customer.login', outcome: 'failure', actorType: 'anonymous', detail: { reason: 'unknown_login_id' } });
      return { ok: false, reason: 'invalid_credentials' };
    }
    const actor = { actorType: 'customer' as const, actorId: user.id, companyId: user.companyId };
    if (user.lockedAt) {
      audit({ event: 'customer.login', outcome: 'failure', ...actor, detail: { reason: 'locked' } });
      return { ok: false, reason: 'locked' };
    }
    if (!passwordOk) return recordFailure(tx, user, now, audit, actor);

    tx.update(users).set({ failedLoginCount: 0 }).where(eq(users.id, user.id)).run();
    const identity: CustomerIdentity = {
      id: user.id,
      companyId: user.companyId,
      loginId: user.loginId,
      displayName: user.displayName,
    };
    const value = input.onSuccess(tx, identity);
    audit({ event: 'customer.login', outcome: 'success', ...actor });
    return { ok: true, user: identity, value };
  });
}

function recordFailure(
  tx: DbOrTx,
  user: User,
  now: Date,
  audit: (entry: Omit<AuditEntry, 'occurredAt'>) => void,
  actor: Pick<AuditEntry, 'actorType' | 'actorId' | 'companyId'>,
): { ok: false; reason: 'invalid_credentials' | 'locked' } {
  const updated = tx
    .update(users)
    .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
    .where(eq(users.id, user.id))
    .returning({ failedLoginCount: users.failedLoginCount })
    .get();
  const failures = updated?.failedLoginCount ?? user.failedLoginCount + 1;
  const locks = failures >= config.loginLockThreshold;
  audit({ event: 'customer.login', outcome: 'failure', ...actor, detail: { reason: 'invalid_password', failures } });
  if (!locks) return { ok: false, reason: 'invalid_credentials' };
  tx.update(users).set({ lockedAt: now }).where(eq(users.id, user.id)).run();
  audit({ event: 'customer.locked', outcome: 'success', ...actor, detail: { failures } });
  return { ok: false, reason: 'locked' };
}
