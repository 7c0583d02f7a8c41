// Rate limits of the token, revocation and introspection endpoints (security.md), per
// client and per source address. Generous defaults; benchmarks raise them through the env.
import { RateLimiter } from '@/lib/rate-limit';
import { TooManyRequests } from '@/lib/oauth/errors';
import { metrics } from '../observability/metrics';

export interface OAuthRateLimits {
  perClient: RateLimiter;
  perIp: RateLimiter;
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
  };
}

/** `limit` names the limit in tsunagu_rate_limit_refusals_total. */
export function enforce(limiter: RateLimiter, key: string, now: Date, limit: 'oauth_source' | 'oauth_client'): void {
  const result = limiter.consume(key, now.getTime());
  if (result.allowed) return;
  metrics().rateLimitRefusals.inc({ limit });
  throw new TooManyRequests(result.retryAfterSeconds);
}
