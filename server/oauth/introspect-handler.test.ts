import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grants, partners, tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { createOAuthBench, FEED, formPost, KAIKEI, obtainTokens, type OAuthBench } from '@/test/oauth-fixtures';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

const introspect = async (token: string, auth: Parameters<typeof formPost>[2] = { basic: KAIKEI }) => {
  const response = await bench.introspect(formPost('/oauth/introspect', { token }, auth));
  expect(response.headers.get('cache-control')).toBe('no-store');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('POST /oauth/introspect', () => {
  it("describes an active access token of the client's own", async () => {
    const { tokens: pair } = await obtainTokens(bench);
    const nowSeconds = Math.floor(bench.clock.now.getTime() / 1000);
    const { status, body } = await introspect(pair.access_token);
    expect(status).toBe(200);
    expect(body).toEqual({
      active: true,
      scope: 'accounts:read balances:read transactions:read',
      client_id: 'demo-kaikei',
      token_type: 'Bearer',
      exp: nowSeconds + 3600,
      iat: nowSeconds,
    });
  });

  it('reports an active refresh token', async () => {
    const { tokens: pair } = await obtainTokens(bench);
    expect((await introspect(pair.refresh_token)).body).toMatchObject({ active: true, token_type: 'refresh_token' });
  });

  it("reports another client's token and unknown tokens as inactive", async () => {
    const { tokens: pair } = await obtainTokens(bench);
    expect((await introspect(pair.access_token, { basic: FEED })).body).toEqual({ active: false });
    expect((await introspect('unknown')).body).toEqual({ active: false });
  });

  it('reports revoked, expired and rotated tokens as inactive', async () => {
    const revoked = await obtainTokens(bench);
    await bench.db.update(tokens).set({ revokedAt: bench.clock.now }).where(eq(tokens.tokenHash, sha256Hex(revoked.tokens.access_token)));
    expect((await introspect(revoked.tokens.access_token)).body).toEqual({ active: false });

    const rotated = await obtainTokens(bench);
    await bench.token(formPost('/oauth/token', { grant_type: 'refresh_token', refresh_token: rotated.tokens.refresh_token }));
    expect((await introspect(rotated.tokens.refresh_token)).body).toEqual({ active: false });

    bench.clock.now = new Date(bench.clock.now.getTime() + 3600_000);
    expect((await introspect(rotated.tokens.access_token)).body).toEqual({ active: false });
  });

  it('reports tokens of an ended linkage as inactive', async () => {
    const revoked = await obtainTokens(bench);
    await bench.db.update(grants).set({ revokedAt: bench.clock.now }).where(eq(grants.id, revoked.issued.grantId));
    expect((await introspect(revoked.tokens.access_token)).body).toEqual({ active: false });

    const expired = await obtainTokens(bench);
    await bench.db.update(grants).set({ expiresAt: bench.clock.now }).where(eq(grants.id, expired.issued.grantId));
    expect((await introspect(expired.tokens.refresh_token)).body).toEqual({ active: false });
  });

  it('refuses a suspended partner outright', async () => {
    const { tokens: pair } = await obtainTokens(bench);
    await bench.db.update(partners).set({ status: 'suspended' }).where(eq(partners.clientId, KAIKEI.clientId));
    expect((await introspect(pair.access_token)).status).toBe(401);
  });

  it('requires client authentication', async () => {
    const { tokens: pair } = await obtainTokens(bench);
    const { status, body } = await introspect(pair.access_token, 'none');
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });
});
