import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, grants, tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { createOAuthBench, FEED, formPost, KAIKEI, obtainTokens, type OAuthBench } from '@/test/oauth-fixtures';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

const revoke = (params: Record<string, string>, auth: Parameters<typeof formPost>[2] = { basic: KAIKEI }) =>
  bench.revoke(formPost('/oauth/revoke', params, auth));
const tokenRow = async (token: string) => (await bench.db.select().from(tokens).where(eq(tokens.tokenHash, sha256Hex(token))).limit(1))[0]!;
const grantRow = async (grantId: string) => (await bench.db.select().from(grants).where(eq(grants.id, grantId)).limit(1))[0]!;

describe('POST /oauth/revoke', () => {
  it('ends the linkage and all its tokens when a refresh token is revoked', async () => {
    const { issued, tokens: pair } = await obtainTokens(bench);
    const response = await revoke({ token: pair.refresh_token, token_type_hint: 'refresh_token' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('');
    expect(await grantRow(issued.grantId)).toMatchObject({ revokedReason: 'partner_revoked' });
    expect((await tokenRow(pair.access_token)).revokedAt).not.toBeNull();
    const refreshed = await bench.token(formPost('/oauth/token', { grant_type: 'refresh_token', refresh_token: pair.refresh_token }));
    expect(refreshed.status).toBe(400);
    const [audit] = await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'grant.revoked'));
    expect(audit).toMatchObject({ actorType: 'partner', grantId: issued.grantId });
  });

  it('ends only the access token when an access token is revoked', async () => {
    const { issued, tokens: pair } = await obtainTokens(bench);
    expect((await revoke({ token: pair.access_token })).status).toBe(200);
    expect((await tokenRow(pair.access_token)).revokedAt).not.toBeNull();
    expect((await tokenRow(pair.refresh_token)).revokedAt).toBeNull();
    expect((await grantRow(issued.grantId)).revokedAt).toBeNull();
    const refreshed = await bench.token(formPost('/oauth/token', { grant_type: 'refresh_token', refresh_token: pair.refresh_token }));
    expect(refreshed.status).toBe(200);
  });

  it('answers 200 for an unknown token and changes nothing', async () => {
    await obtainTokens(bench);
    const before = await bench.db.select().from(tokens);
    expect((await revoke({ token: 'not-a-token' })).status).toBe(200);
    expect(await bench.db.select().from(tokens)).toEqual(before);
  });

  it("answers 200 for another client's token and leaves it working", async () => {
    const { issued, tokens: pair } = await obtainTokens(bench);
    expect((await revoke({ token: pair.refresh_token }, { basic: FEED })).status).toBe(200);
    expect((await grantRow(issued.grantId)).revokedAt).toBeNull();
    expect((await tokenRow(pair.refresh_token)).revokedAt).toBeNull();
  });

  it('requires client authentication', async () => {
    const { tokens: pair } = await obtainTokens(bench);
    const response = await revoke({ token: pair.refresh_token }, 'none');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Basic');
    expect((await tokenRow(pair.refresh_token)).revokedAt).toBeNull();
  });

  it('refuses a missing token, an unknown hint and GET', async () => {
    expect(((await (await revoke({})).json()) as { error: string }).error).toBe('invalid_request');
    expect((await revoke({ token: 'x', token_type_hint: 'id_token' })).status).toBe(400);
    expect((await bench.revoke(new Request('http://localhost:3000/oauth/revoke?token=x'))).status).toBe(405);
  });
});
