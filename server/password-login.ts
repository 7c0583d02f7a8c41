// One password login with lockout for customers and staff (security.md; journey.md step 1):
// attempts are rate-limited per source and login ID before any hashing, consecutive wrong
// passwords are counted with an atomic increment, and the account locks at the threshold.
// Customers stay locked until staff unlock them; a staff lock also ends by itself after a
// period, so that an outsider cannot shut every administrator out of the console for good.
import type { Db } from '@/db/client';
import type { DbOrTx, RequestContext } from './audit';
import { consumeLoginAttempt, processLoginLimiters, type createLoginLimiters } from './login-limits';
import { dummyPasswordHash, verifySecret } from './password-hash';
import { processRefusals, type RefusalSummary } from './refusal-summary';
import { writeTransaction } from './write-transaction';

export interface LockableAccount {
  id: string;
  passwordHash: string;
  failedLoginCount: number;
  lockedAt: Date | null;
}

/** The table-specific half: customers (users) and staff keep the same two columns. */
export interface LockoutStore<A extends LockableAccount> {
  findByLoginId(db: DbOrTx, loginId: string): Promise<A | undefined>;
  findById(db: DbOrTx, id: string): Promise<A | undefined>;
  /** Adds one failure atomically (`count = count + 1 … returning`) and returns the new count. */
  countFailure(tx: DbOrTx, id: string): Promise<number>;
  lock(tx: DbOrTx, id: string, now: Date): Promise<void>;
  clear(tx: DbOrTx, id: string): Promise<void>;
}

export interface LockPolicy {
  threshold: number;
  /** null: the lock lasts until staff end it. */
  lockEndsAfterMs: number | null;
}

export type LoginFailureReason = 'invalid_credentials' | 'locked' | 'rate_limited';

export type LoginResult<A, T> =
  | { ok: true; account: A; value: T }
  | { ok: false; reason: LoginFailureReason; retryAfterSeconds?: number };

export interface LoginAuditEntry<A> {
  event: 'login' | 'locked';
  outcome: 'success' | 'failure';
  account?: A;
  detail?: Record<string, unknown>;
}

export interface PasswordLoginInput<A, T> {
  loginId: string;
  password: string;
  context: RequestContext;
  now: Date;
  /** Runs in the transaction: it may await only the store. */
  audit: (tx: DbOrTx, entry: LoginAuditEntry<A>) => Promise<void>;
  /** Runs in the transaction that resets the counter, so both commit together; store only. */
  onSuccess: (tx: DbOrTx, account: A) => T | Promise<T>;
  limiters?: ReturnType<typeof createLoginLimiters>;
  refusals?: RefusalSummary;
}

export function isLocked(account: LockableAccount, policy: LockPolicy, now: Date): boolean {
  if (!account.lockedAt) return false;
  return policy.lockEndsAfterMs === null || now.getTime() - account.lockedAt.getTime() < policy.lockEndsAfterMs;
}

export async function passwordLogin<A extends LockableAccount, T>(
  db: Db,
  store: LockoutStore<A>,
  policy: LockPolicy,
  input: PasswordLoginInput<A, T>,
): Promise<LoginResult<A, T>> {
  const limit = await consumeLoginAttempt(input.limiters ?? processLoginLimiters(db), { loginId: input.loginId, ip: input.context.ip }, input.now);
  if (!limit.allowed) {
    // Summarized per source and minute, not one audit row per refused attempt.
    (input.refusals ?? processRefusals()).record('login', { ip: input.context.ip }, input.now);
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  }

  const found = await store.findByLoginId(db, input.loginId);
  // argon2 outside the transaction (slow, and a transaction awaits only the store). An
  // unknown ID is verified against a dummy hash so that timing says nothing.
  const passwordOk = await verifySecret(found?.passwordHash ?? (await dummyPasswordHash()), input.password);

  return writeTransaction(db, async (tx): Promise<LoginResult<A, T>> => {
    const account = found && (await store.findById(tx, found.id));
    if (!account) {
      await input.audit(tx, { event: 'login', outcome: 'failure', detail: { reason: 'unknown_login_id' } });
      return { ok: false, reason: 'invalid_credentials' };
    }
    if (isLocked(account, policy, input.now)) {
      await input.audit(tx, { event: 'login', outcome: 'failure', account, detail: { reason: 'locked' } });
      return { ok: false, reason: 'locked' };
    }
    // A lock that ended by itself starts the count again.
    if (account.lockedAt) await store.clear(tx, account.id);
    if (!passwordOk) {
      const failures = await store.countFailure(tx, account.id);
      await input.audit(tx, { event: 'login', outcome: 'failure', account, detail: { reason: 'invalid_password', failures } });
      if (failures < policy.threshold) return { ok: false, reason: 'invalid_credentials' };
      await store.lock(tx, account.id, input.now);
      await input.audit(tx, { event: 'locked', outcome: 'success', account, detail: { failures } });
      return { ok: false, reason: 'locked' };
    }
    if (account.failedLoginCount !== 0) await store.clear(tx, account.id);
    const value = await input.onSuccess(tx, account);
    await input.audit(tx, { event: 'login', outcome: 'success', account });
    return { ok: true, account, value };
  });
}
