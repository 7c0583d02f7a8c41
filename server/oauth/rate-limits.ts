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

export function createOAuthRateLimits(): OAuthRateLimits {
  const { perClient, perIp } = config.tokenRateLimits;
  return {
    perClient: new RateLimiter(perClient.burst, perClient.perSecond),
    perIp: new RateLimiter(perIp.burst, perIp.perSecond),
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
