import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { grantAccounts, grants, pushedAuthorizationRequests, tokens } from '@/db/schema';
import { DEMO_FAPI_CLIENT_ID, DEMO_FAPI_PRIVATE_JWK } from '@/db/seed/demo-fapi-key';
import { newId, sha256Hex } from '@/lib/crypto';
import { issueAuthorizationCode } from '@/server/oauth/codes';
import { writeTransaction } from '@/server/write-transaction';
import { DEMO_PARTNER_ORIGIN as PARTNER, demoPartnerHarness } from '@/test/demo-partner-harness';

// An independent client completes the FAPI 2.0 flow against the lean server: the demo
// partner as demo-fapi, whose every protocol step is oauth4webapi's (PAR, private_key_jwt,
// DPoP). Only the customer's consent is stood in for, from the pushed request, as 許可 does.
const harness = demoPartnerHarness(() => ({
  clientId: DEMO_FAPI_CLIENT_ID,
  profile: 'fapi2',
  clientSecret: '',
  privateJwk: { ...DEMO_FAPI_PRIVATE_JWK },
}));
const { temp, visit, session } = harness;

const tokenRow = async (token: string) => (await temp().db.select().from(tokens).where(eq(tokens.tokenHash, sha256Hex(token))).limit(1))[0]!;

/** What 許可 does with a pushed request: a linkage over 2222222 and a code bound like the request. */
async function consentToPushed(requestUri: string): Promise<{ code: string; grantId: string; state: string }> {
  const random = requestUri.replace('urn:ietf:params:oauth:request_uri:', '');
  const [pushed] = await temp().db.select().from(pushedAuthorizationRequests).where(eq(pushedAuthorizationRequests.id, sha256Hex(random))).limit(1);
  if (!pushed) throw new Error('the pushed request is not stored');
  const grantId = newId('grt');
  const code = await writeTransaction(temp().db, async (tx) => {
    await tx
      .insert(grants)
      .values({ id: grantId, companyId: harness.seed().companyIds.tsunagu01, userId: harness.seed().userIds.tsunagu01, partnerId: pushed.partnerId, scopes: pushed.requestedScopes, expiresAt: new Date(Date.now() + 180 * 86_400_000) });
    await tx.insert(grantAccounts).values({ grantId, accountId: harness.seed().accountIds['2222222']! });
    return issueAuthorizationCode(tx, {
      grantId,
      partnerId: pushed.partnerId,
      redirectUri: pushed.redirectUri,
      codeChallenge: pushed.codeChallenge,
      codeChallengeMethod: pushed.codeChallengeMethod,
      scopes: pushed.requestedScopes,
      dpopJkt: pushed.dpopJkt,
    });
  });
  return { code, grantId, state: pushed.state! };
}

describe('デモ会計 as demo-fapi (PAR + private_key_jwt + DPoP) against the lean server', () => {
  let grantId: string;
  let jkt: string;

  it('pushes the request first: the browser is sent with client_id and request_uri only, bound to its DPoP key', async () => {
    const location = new URL((await visit('/link')).headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${harness.bank()}/oauth/authorize`);
    expect([...location.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const pushed = await temp().db.select().from(pushedAuthorizationRequests);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.dpopJkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    jkt = pushed[0]!.dpopJkt!;

    const { code, state, grantId: linked } = await consentToPushed(location.searchParams.get('request_uri')!);
    grantId = linked;
    expect((await visit(`/callback?${new URLSearchParams({ code, state, iss: harness.bank() })}`)).headers.get('location')).toBe('/');
    expect(session().tokens).toBeDefined();
  });

  it('holds DPoP-bound tokens and reads accounts and balances with proofs', async () => {
    const held = session().tokens!;
    expect((await tokenRow(held.accessToken)).dpopJkt).toBe(jkt);
    expect((await tokenRow(held.refreshToken)).dpopJkt).toBe(jkt);
    const body = await (await visit('/')).text();
    expect(body).toContain('インターネット支店（202） 普通 2222222');
    expect(body).toMatch(/[\d,]+円/);
    // The same access token without a proof is refused: it is bound to the partner's key.
    const asBearer = await fetch(`${harness.bank()}/api/v1/accounts`, { headers: { Authorization: `Bearer ${held.accessToken}` } });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toContain('DPoP');
  });

  it('refreshes with the same, unrotated refresh token and a new access token', async () => {
    const before = session().tokens!;
    session().tokens = { ...before, accessExpiresAt: Date.now() - 1000 };
    expect((await visit('/')).status).toBe(200);
    const after = session().tokens!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect((await tokenRow(before.refreshToken)).rotatedAt).toBeNull();
    expect((await tokenRow(after.accessToken)).dpopJkt).toBe(jkt);
  });

  it('連携を解除 revokes the linkage at the bank with a client assertion', async () => {
    const response = await visit('/unlink', { method: 'POST', headers: { origin: PARTNER } });
    expect(response.status).toBe(303);
    const body = await (await visit('/')).text();
    expect(body).toContain('連携を解除しました');
    expect(body).toContain('HTTP 401');
    const grant = (await temp().db.select().from(grants).where(eq(grants.id, grantId)).limit(1))[0]!;
    expect(grant.revokedReason).toBe('partner_revoked');
  });
});
