// Login attempts per source address and per login ID (security.md), shared by every login
// path — the journey, the linkage page and the console — so that moving between them buys
// an attacker nothing. The lockout (password-login.ts) guards each account; these limits
// slow guessing across accounts and keep argon2 from being used to load the server.
import { config } from '@/lib/config';
import type { Db } from '@/db/client';
import { RateLimiter, type RateLimitResult } from '@/lib/rate-limit';
import { storeRateLimiter, type Limiter } from './shared-rate-limit';

interface LoginLimiters {
  perSource: Limiter;
  perLoginId: Limiter;
}

// On globalThis: Next.js may load this module once per route bundle, but the limits are
// the process's.
const holder = globalThis as unknown as { tsunaguLoginLimiters?: LoginLimiters };

/** With the store: shared by every process on PostgreSQL (shared-rate-limit.ts); without: this process's. */
export function createLoginLimiters(db?: Db): LoginLimiters {
  const perSource = config.loginRateLimitPerMinute;
  const perLoginId = config.loginIdRateLimitPerMinute;
  const limiter = (name: string, perMinute: number) => (db ? storeRateLimiter(db, name, perMinute, perMinute / 60) : new RateLimiter(perMinute, perMinute / 60));
  return { perSource: limiter('login_per_source', perSource), perLoginId: limiter('login_per_login_id', perLoginId) };
}

export function processLoginLimiters(db: Db): LoginLimiters {
  holder.tsunaguLoginLimiters ??= createLoginLimiters(db);
  return holder.tsunaguLoginLimiters;
}

/** Counts one attempt against both limits; refused when either is spent. */
export async function consumeLoginAttempt(
  limiters: LoginLimiters,
  attempt: { loginId: string; ip: string | null },
  now: Date,
): Promise<RateLimitResult> {
  const bySource = await limiters.perSource.consume(attempt.ip ?? 'unknown', now.getTime());
  // Login IDs are compared as typed: IDs are case-sensitive, like the password.
  const byLoginId = await limiters.perLoginId.consume(attempt.loginId, now.getTime());
  if (bySource.allowed && byLoginId.allowed) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(bySource.retryAfterSeconds, byLoginId.retryAfterSeconds) };
}
