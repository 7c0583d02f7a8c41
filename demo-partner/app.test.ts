import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { grantAccounts, grants, tokens } from '@/db/schema';
import { newId, sha256Hex } from '@/lib/crypto';
import { revokeGrant } from '@/server/grants';
import { issueAuthorizationCode } from '@/server/oauth/codes';
import { writeTransaction } from '@/server/write-transaction';
import { DEMO_PARTNER_ORIGIN as PARTNER, demoPartnerHarness } from '@/test/demo-partner-harness';

// The bank is the real lean partner server on a real database; only the customer's consent
// (the browser journey, covered by e2e/demo-partner.spec.ts) is stood in for by issuing the
// code the way 許可 does.
const harness = demoPartnerHarness(() => ({ clientId: 'demo-kaikei', profile: 'basic', clientSecret: 'demo-kaikei-secret' }));
const { temp, visit, session } = harness;

/** What 許可 does at the bank: a linkage over 2222222 and a code for the app's PKCE challenge. */
async function consent(authorizeUrl: URL): Promise<{ code: string; grantId: string }> {
  const grantId = newId('grt');
  const partnerId = harness.seed().partnerIds['demo-kaikei']!;
  const scopes = authorizeUrl.searchParams.get('scope')!.split(' ');
  const code = await writeTransaction(temp().db, async (tx) => {
    await tx.insert(grants).values({ id: grantId, companyId: harness.seed().companyIds.tsunagu01, userId: harness.seed().userIds.tsunagu01, partnerId, scopes, expiresAt: new Date(Date.now() + 90 * 86_400_000) });
    await tx.insert(grantAccounts).values({ grantId, accountId: harness.seed().accountIds['2222222']! });
    return issueAuthorizationCode(tx, {
      grantId,
      partnerId,
      redirectUri: authorizeUrl.searchParams.get('redirect_uri')!,
      codeChallenge: authorizeUrl.searchParams.get('code_challenge')!,
      codeChallengeMethod: authorizeUrl.searchParams.get('code_challenge_method')!,
      scopes,
    });
  });
  return { code, grantId };
}

async function link(): Promise<string> {
  const start = await visit('/link');
  expect(start.status).toBe(303);
  const authorizeUrl = new URL(start.headers.get('location')!);
  const { code, grantId } = await consent(authorizeUrl);
  const back = new URLSearchParams({ code, state: authorizeUrl.searchParams.get('state')!, iss: harness.bank() });
  expect((await visit(`/callback?${back}`)).headers.get('location')).toBe('/');
  return grantId;
}

describe('デモ会計 against the real bank endpoints', () => {
  let grantId: string;

  it('starts the journey with PKCE S256, state and the registered redirect URI', async () => {
    const home = await (await visit('/')).text();
    expect(home).toContain('銀行口座を連携する');
    const location = new URL((await visit('/link')).headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${harness.bank()}/oauth/authorize`);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('redirect_uri')).toBe(`${PARTNER}/callback`);
  });

  it('exchanges the code and shows the linked account, its balance and the linkage end date', async () => {
    grantId = await link();
    const home = await visit('/');
    const body = await home.text();
    expect(home.headers.get('x-frame-options')).toBe('DENY');
    expect(body).toContain('口座を連携しました');
    expect(body).toContain('インターネット支店（202） 普通 2222222');
    expect(body).toMatch(/連携の有効期限: \d{4}年\d{1,2}月\d{1,2}日/);
    expect(body).toMatch(/[\d,]+円/);
  });

  it('pages through transactions with nextItemKey', async () => {
    const accountId = harness.seed().accountIds['2222222']!;
    const first = await (await visit(`/accounts/${accountId}/transactions`)).text();
    expect(first).toContain('1ページ目（20件）');
    const next = /href="([^"]+nextItemKey[^"]+)"/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeTruthy();
    const second = await (await visit(next!)).text();
    expect(second).toContain('2ページ目');
    const firstKeys = first.match(/<td>\d{4}-\d{2}-\d{2}<\/td>/g);
    expect(firstKeys?.length).toBe(20);
  });

  it('refreshes an expired access token with a rotated refresh token', async () => {
    const before = session().tokens!;
    session().tokens = { ...before, accessExpiresAt: Date.now() - 1000 };
    expect((await visit('/')).status).toBe(200);
    const after = session().tokens!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    const old = (await temp().db.select().from(tokens).where(eq(tokens.tokenHash, sha256Hex(before.refreshToken))).limit(1))[0]!;
    expect(old.rotatedAt).not.toBeNull();
  });

  it('refuses 連携を解除 posted from another origin', async () => {
    expect((await visit('/unlink', { method: 'POST', headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect(session().tokens).toBeDefined();
  });

  it('連携を解除 revokes at the bank, and the next API call with the old token answers 401', async () => {
    const held = session().tokens!;
    const response = await visit('/unlink', { method: 'POST', headers: { origin: PARTNER } });
    expect(response.status).toBe(303);
    const body = await (await visit('/')).text();
    expect(body).toContain('連携を解除しました');
    expect(body).toContain('HTTP 401（invalid_token）');
    expect(body).toContain('銀行口座を連携する');
    expect((await temp().db.select().from(grants).where(eq(grants.id, grantId)).limit(1))[0]!.revokedReason).toBe('partner_revoked');
    const api = await fetch(`${harness.bank()}/api/v1/accounts`, { headers: { Authorization: `Bearer ${held.accessToken}` } });
    expect(api.status).toBe(401);
  });

  it('says the linkage has ended when the bank revoked it', async () => {
    const other = await link();
    await writeTransaction(temp().db, (tx) => revokeGrant(tx, other, 'staff_revoked'));
    const body = await (await visit((await visit('/')).headers.get('location') ?? '/')).text();
    expect(body).toContain('連携は終了しています');
    expect(session().tokens).toBeUndefined();
  });

  it('refuses a callback whose state does not match', async () => {
    const location = new URL((await visit('/link')).headers.get('location')!);
    const { code } = await consent(location);
    await visit(`/callback?${new URLSearchParams({ code, state: 'forged', iss: harness.bank() })}`);
    const body = await (await visit('/')).text();
    expect(body).toContain('連携できませんでした');
    expect(session().tokens).toBeUndefined();
  });
});
