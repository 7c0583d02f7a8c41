// Rate limits of the OAuth endpoints (security.md): the token, revocation and introspection
// endpoints per client and per source address, GET /oauth/authorize per source address.
// Generous defaults; benchmarks raise them through the env.
import { config } from '@/lib/config';
import type { Db } from '@/db/client';
import { RateLimiter } from '@/lib/rate-limit';
import { storeRateLimiter, type Limiter } from '../shared-rate-limit';
import { TooManyRequests } from '@/lib/oauth/errors';
import type { RateLimitName, RefusalSummary, RefusedBy } from '../refusal-summary';

export interface OAuthRateLimits {
  perClient: Limiter;
  perIp: Limiter;
  /** Every authorize GET writes rows, so each source gets a bucket of its own. */
  authorizePerSource: Limiter;
}

/** With the store: shared by every process on PostgreSQL (shared-rate-limit.ts); without: this process's. */
export function createOAuthRateLimits(db?: Db): OAuthRateLimits {
  const { perClient, perIp } = config.tokenRateLimits;
  const limiter = (name: string, capacity: number, perSecond: number) => (db ? storeRateLimiter(db, name, capacity, perSecond) : new RateLimiter(capacity, perSecond));
  return {
    perClient: limiter('oauth_per_client', perClient.burst, perClient.perSecond),
    perIp: limiter('oauth_per_source', perIp.burst, perIp.perSecond),
    authorizePerSource: limiter('authorize_per_source', config.authorizeRateLimitPerMinute * 2, config.authorizeRateLimitPerMinute / 60),
  };
}

export interface Refusal {
  summary: RefusalSummary;
  limit: RateLimitName;
  by: RefusedBy;
}

/** 429 past the limit; the refusal is counted in the summary instead of audited alone. */
export async function enforce(limiter: Limiter, key: string, now: Date, refusal: Refusal): Promise<void> {
  const result = await limiter.consume(key, now.getTime());
  if (result.allowed) return;
  refusal.summary.record(refusal.limit, refusal.by, now);
  throw new TooManyRequests(result.retryAfterSeconds);
}
