// Rate limits of the OAuth endpoints (security.md): the token, revocation and introspection
// endpoints per client and per source address, GET /oauth/authorize per source address.
// Generous defaults; benchmarks raise them through the env.
import { config } from '@/lib/config';
import { RateLimiter } from '@/lib/rate-limit';
import { TooManyRequests } from '@/lib/oauth/errors';
import type { RateLimitName, RefusalSummary, RefusedBy } from '../refusal-summary';

export interface OAuthRateLimits {
  perClient: RateLimiter;
  perIp: RateLimiter;
  /** Every authorize GET writes rows, so each source gets a bucket of its own. */
  authorizePerSource: RateLimiter;
}

function positiveIntFromEnv(name: string, fallback: number): number {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function createOAuthRateLimits(): OAuthRateLimits {
  return {
    perClient: new RateLimiter(
      positiveIntFromEnv('TOKEN_RATE_LIMIT_PER_CLIENT_BURST', 100),
      positiveIntFromEnv('TOKEN_RATE_LIMIT_PER_CLIENT', 20),
    ),
    perIp: new RateLimiter(
      positiveIntFromEnv('TOKEN_RATE_LIMIT_PER_IP_BURST', 200),
      positiveIntFromEnv('TOKEN_RATE_LIMIT_PER_IP', 50),
    ),
    authorizePerSource: new RateLimiter(config.authorizeRateLimitPerMinute * 2, config.authorizeRateLimitPerMinute / 60),
  };
}

export interface Refusal {
  summary: RefusalSummary;
  limit: RateLimitName;
  by: RefusedBy;
}

/** 429 past the limit; the refusal is counted in the summary instead of audited alone. */
export function enforce(limiter: RateLimiter, key: string, now: Date, refusal: Refusal): void {
  const result = limiter.consume(key, now.getTime());
  if (result.allowed) return;
  refusal.summary.record(refusal.limit, refusal.by, now);
  throw new TooManyRequests(result.retryAfterSeconds);
}
