// Login attempts per source address and per login ID (security.md), shared by every login
// path — the journey, the linkage page and the console — so that moving between them buys
// an attacker nothing. The lockout (password-login.ts) guards each account; these limits
// slow guessing across accounts and keep argon2 from being used to load the server.
import { config } from '@/lib/config';
import { RateLimiter, type RateLimitResult } from '@/lib/rate-limit';
import { metrics } from './observability/metrics';

interface LoginLimiters {
  perSource: RateLimiter;
  perLoginId: RateLimiter;
}

// On globalThis: Next.js may load this module once per route bundle, but the limits are
// the process's.
const holder = globalThis as unknown as { tsunaguLoginLimiters?: LoginLimiters };

export function createLoginLimiters(): LoginLimiters {
  const perSource = config.loginRateLimitPerMinute;
  const perLoginId = config.loginIdRateLimitPerMinute;
  return {
    perSource: new RateLimiter(perSource, perSource / 60),
    perLoginId: new RateLimiter(perLoginId, perLoginId / 60),
  };
}

export function processLoginLimiters(): LoginLimiters {
  holder.tsunaguLoginLimiters ??= createLoginLimiters();
  return holder.tsunaguLoginLimiters;
}

/** Counts one attempt against both limits; refused when either is spent. */
export function consumeLoginAttempt(
  limiters: LoginLimiters,
  attempt: { loginId: string; ip: string | null },
  now: Date,
): RateLimitResult {
  const bySource = limiters.perSource.consume(attempt.ip ?? 'unknown', now.getTime());
  // Login IDs are compared as typed: IDs are case-sensitive, like the password.
  const byLoginId = limiters.perLoginId.consume(attempt.loginId, now.getTime());
  if (bySource.allowed && byLoginId.allowed) return { allowed: true, retryAfterSeconds: 0 };
  metrics().rateLimitRefusals.inc({ limit: bySource.allowed ? 'login_id' : 'login_source' });
  return { allowed: false, retryAfterSeconds: Math.max(bySource.retryAfterSeconds, byLoginId.retryAfterSeconds) };
}
