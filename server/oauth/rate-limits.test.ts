import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER } from '@/lib/client-address';
import { RateLimiter } from '@/lib/rate-limit';
import { createTokenHandler } from './token-handler';
import { oauthDeps } from './deps';
import { createOAuthBench, FEED, formPost, KAIKEI, type Credentials, type OAuthBench } from '@/test/oauth-fixtures';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

const probe = (auth: Credentials = KAIKEI, ip = '203.0.113.7') =>
  formPost('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'unknown' }, { basic: auth }, { [CLIENT_ADDRESS_HEADER]: ip });

describe('token endpoint rate limits', () => {
  it('answers 429 with Retry-After once a client exceeds its limit, and not for other clients', async () => {
    const limits = { perClient: new RateLimiter(2, 1), perIp: new RateLimiter(100, 100) };
    const token = createTokenHandler(oauthDeps(bench.db, { now: () => bench.clock.now, limits }));
    expect((await token(probe())).status).toBe(400);
    expect((await token(probe())).status).toBe(400);
    const limited = await token(probe());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('cache-control')).toBe('no-store');
    expect(((await limited.json()) as { error: string }).error).toBe('temporarily_unavailable');
    expect((await token(probe(FEED))).status).toBe(400);
    bench.clock.now = new Date(bench.clock.now.getTime() + 1000);
    expect((await token(probe())).status).toBe(400);
  });

  it('limits each source address before looking at credentials', async () => {
    const limits = { perClient: new RateLimiter(100, 100), perIp: new RateLimiter(1, 1) };
    const token = createTokenHandler(oauthDeps(bench.db, { now: () => bench.clock.now, limits }));
    expect((await token(probe(KAIKEI, '198.51.100.1'))).status).toBe(400);
    expect((await token(probe({ clientId: 'x', secret: 'y' }, '198.51.100.1'))).status).toBe(429);
    expect((await token(probe(KAIKEI, '198.51.100.2'))).status).toBe(400);
  });
});
