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
  findByLoginId(db: DbOrTx, loginId: string): A | undefined;
  findById(db: DbOrTx, id: string): A | undefined;
  /** Adds one failure atomically and returns the new count. */
  countFailure(tx: DbOrTx, id: string): number;
  lock(tx: DbOrTx, id: string, now: Date): void;
  clear(tx: DbOrTx, id: string): void;
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
  audit: (tx: DbOrTx, entry: LoginAuditEntry<A>) => void;
  /** Runs in the transaction that resets the counter, so both commit together. */
  onSuccess: (tx: DbOrTx, account: A) => T;
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
  const limit = consumeLoginAttempt(input.limiters ?? processLoginLimiters(), { loginId: input.loginId, ip: input.context.ip }, input.now);
  if (!limit.allowed) {
    // Summarized per source and minute, not one audit row per refused attempt.
    (input.refusals ?? processRefusals()).record('login', { ip: input.context.ip }, input.now);
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  }

  const found = store.findByLoginId(db, input.loginId);
  // argon2 outside the transaction (slow; better-sqlite3 transactions are synchronous). An
  // unknown ID is verified against a dummy hash so that timing says nothing.
  const passwordOk = await verifySecret(found?.passwordHash ?? (await dummyPasswordHash()), input.password);

  return writeTransaction(
    db,
    (tx): LoginResult<A, T> => {
      const account = found && store.findById(tx, found.id);
      if (!account) {
        input.audit(tx, { event: 'login', outcome: 'failure', detail: { reason: 'unknown_login_id' } });
        return { ok: false, reason: 'invalid_credentials' };
      }
      if (isLocked(account, policy, input.now)) {
        input.audit(tx, { event: 'login', outcome: 'failure', account, detail: { reason: 'locked' } });
        return { ok: false, reason: 'locked' };
      }
      // A lock that ended by itself starts the count again.
      if (account.lockedAt) store.clear(tx, account.id);
      if (!passwordOk) {
        const failures = store.countFailure(tx, account.id);
        input.audit(tx, { event: 'login', outcome: 'failure', account, detail: { reason: 'invalid_password', failures } });
        if (failures < policy.threshold) return { ok: false, reason: 'invalid_credentials' };
        store.lock(tx, account.id, input.now);
        input.audit(tx, { event: 'locked', outcome: 'success', account, detail: { failures } });
        return { ok: false, reason: 'locked' };
      }
      if (account.failedLoginCount !== 0) store.clear(tx, account.id);
      const value = input.onSuccess(tx, account);
      input.audit(tx, { event: 'login', outcome: 'success', account });
      return { ok: true, account, value };
    },
  );
}
