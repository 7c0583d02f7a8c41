import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import {
  apiPinRegistrations,
  auditEvents,
  authorizationCodes,
  authorizationRequests,
  grantAccounts,
  grants,
  tokens,
} from '@/db/schema';
import { config } from '@/lib/config';
import { sha256Hex } from '@/lib/crypto';
import { grantPeriod } from '@/lib/journey/grant-period';
import { startAuthorizationRequest, testContext } from '@/test/journey-fixtures';
import type { Db } from '@/db/client';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { approveAuthorization } from './approve';
import { confirmPinRegistrations } from './confirm';
import { denyAuthorization } from './deny';
import { loadJourney, type ActiveJourney } from './load';
import { loginForJourney } from './login';
import { chooseOperations } from './operations';
import { registerInquiryPin } from './pins';

describe('journey step 5: 許可 and キャンセル', () => {
  let temp: TempDb;
  let db: Db;
  let seed: DemoSeed;
  beforeAll(async () => {
    temp = await createTempDb();
    db = temp.db;
    seed = await seedDemo(db);
  });
  afterAll(() => temp.cleanup());

  async function journeyAtGrant(options: { registerPinFor?: string[]; scopes?: string[] } = {}) {
    const started = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-kaikei']!, state: 'st-1' });
    const first = (await loadJourney(db, { requestToken: started.requestToken })) as ActiveJourney;
    const login = await loginForJourney(db, first, { loginId: 'tsunagu01', password: 'Tsunagu#2026' }, testContext);
    if (!login.ok) throw new Error('login failed');
    const reload = async () =>
      (await loadJourney(db, { requestToken: started.requestToken, sessionToken: login.value.sessionToken })) as ActiveJourney;
    await chooseOperations(db, await reload(), options.scopes ?? ['accounts:read', 'transactions:read'], testContext);
    for (const number of options.registerPinFor ?? []) {
      const result = await registerInquiryPin(db, await reload(), { accountId: seed.accountIds[number]!, pin: '1357' }, testContext);
      expect(result).toEqual({ ok: true });
    }
    await confirmPinRegistrations(db, await reload(), testContext);
    const journey = await reload();
    expect(journey.step).toBe('grant');
    return { ...started, journey, reload };
  }

  it('makes PINs effective, creates the linkage with every registered account and issues one code', async () => {
    const { journey, requestId } = await journeyAtGrant({ registerPinFor: ['2000002'] });
    const now = new Date();
    const result = await approveAuthorization(db, journey, testContext, now);
    if (!result.ok) throw new Error(result.reason);

    const redirect = new URL(result.redirectUrl);
    expect(redirect.origin + redirect.pathname).toBe('http://localhost:4000/callback');
    expect(redirect.searchParams.get('state')).toBe('st-1');
    expect(redirect.searchParams.get('iss')).toBe(config.appOrigin);
    const code = redirect.searchParams.get('code')!;
    const codeRow = (await db.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, sha256Hex(code))))[0];
    expect(codeRow).toMatchObject({
      grantId: result.grantId,
      redirectUri: 'http://localhost:4000/callback',
      codeChallenge: journey.request.codeChallenge,
      codeChallengeMethod: 'S256',
      scopes: ['accounts:read', 'transactions:read'],
      usedAt: null,
    });

    const grant = (await db.select().from(grants).where(eq(grants.id, result.grantId)))[0]!;
    expect(grant).toMatchObject({ companyId: seed.companyIds.tsunagu01, userId: seed.userIds.tsunagu01, revokedAt: null });
    expect(grant.scopes).toEqual(['accounts:read', 'transactions:read']);
    expect(grant.expiresAt.getTime()).toBe(grantPeriod(90, now).expiresAt.getTime());
    const covered = (await db.select().from(grantAccounts).where(eq(grantAccounts.grantId, result.grantId)));
    expect(covered.map((row) => row.accountId).sort()).toEqual([seed.accountIds['2000002'], seed.accountIds['2222222']].sort());

    const [registration] = await db.select().from(apiPinRegistrations).where(eq(apiPinRegistrations.accountId, seed.accountIds['2000002']!));
    expect(registration).toMatchObject({ status: 'effective', requestId });
    const request = (await db.select().from(authorizationRequests).where(eq(authorizationRequests.id, requestId)))[0]!;
    expect(request.status).toBe('approved');
    const consent = (await db.select().from(auditEvents).where(eq(auditEvents.grantId, result.grantId)));
    expect(consent).toEqual([expect.objectContaining({ event: 'journey.consent', outcome: 'success', ip: testContext.ip })]);
  });

  it('issues no second code when 許可 arrives twice for one request', async () => {
    const { journey } = await journeyAtGrant();
    const codesBefore = (await db.select().from(authorizationCodes)).length;
    const first = await approveAuthorization(db, journey, testContext);
    const second = await approveAuthorization(db, journey, testContext);
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, reason: 'not_pending' });
    expect((await db.select().from(authorizationCodes))).toHaveLength(codesBefore + 1);
  });

  it('lets exactly one of two 許可 racing for one request win', async () => {
    const { journey } = await journeyAtGrant();
    const codesBefore = (await db.select().from(authorizationCodes)).length;
    const results = await Promise.all([approveAuthorization(db, journey, testContext), approveAuthorization(db, journey, testContext)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: 'not_pending' }]);
    expect(await db.select().from(authorizationCodes)).toHaveLength(codesBefore + 1);
  });

  it("replaces the company's earlier linkage with the same partner and ends its tokens", async () => {
    const earlier = await approveAuthorization(db, (await journeyAtGrant()).journey, testContext);
    if (!earlier.ok) throw new Error(earlier.reason);
    await db.insert(tokens).values({
      tokenHash: sha256Hex(`refresh-of-${earlier.grantId}`),
      kind: 'refresh',
      grantId: earlier.grantId,
      partnerId: seed.partnerIds['demo-kaikei']!,
      scopes: ['accounts:read'],
      expiresAt: new Date(Date.now() + 86_400_000),
    });

    const later = await approveAuthorization(db, (await journeyAtGrant()).journey, testContext);
    if (!later.ok) throw new Error(later.reason);
    expect((await db.select().from(grants).where(eq(grants.id, earlier.grantId)))[0]).toMatchObject({ revokedReason: 'replaced' });
    expect((await db.select().from(tokens).where(eq(tokens.grantId, earlier.grantId)))[0]!.revokedAt).not.toBeNull();
    expect((await db.select().from(grants).where(eq(grants.id, later.grantId)))[0]!.revokedAt).toBeNull();
  });

  it('refuses 許可 once the request has expired, leaving nothing behind', async () => {
    const { journey, requestId } = await journeyAtGrant({ registerPinFor: ['1111111'] });
    const later = new Date(journey.request.expiresAt.getTime() + 1);
    expect(await approveAuthorization(db, journey, testContext, later)).toEqual({ ok: false, reason: 'not_pending' });
    expect((await db.select().from(authorizationRequests).where(eq(authorizationRequests.id, requestId)))[0]!.status).toBe('pending');
    expect(
      (await db.select().from(apiPinRegistrations).where(eq(apiPinRegistrations.accountId, seed.accountIds['1111111']!)))[0]!.status,
    ).toBe('pending');
  });

  it('ends a cancelled request with access_denied and drops its pending PINs', async () => {
    const { journey, requestId } = await journeyAtGrant({ registerPinFor: ['1000014'] });
    const url = new URL((await denyAuthorization(db, journey, testContext))!);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe('st-1');
    expect(url.searchParams.get('iss')).toBe(config.appOrigin);
    expect(url.searchParams.get('code')).toBeNull();
    expect((await db.select().from(authorizationRequests).where(eq(authorizationRequests.id, requestId)))[0]!.status).toBe('denied');
    expect((await db.select().from(apiPinRegistrations).where(eq(apiPinRegistrations.requestId, requestId)))).toEqual([]);
    expect(await denyAuthorization(db, journey, testContext)).toBeNull();
    expect(await approveAuthorization(db, journey, testContext)).toEqual({ ok: false, reason: 'not_pending' });
  });
  it('binds the code to the dpop_jkt the authorization request carries (RFC 9449 §10)', async () => {
    const { requestId, reload } = await journeyAtGrant();
    await db.update(authorizationRequests).set({ dpopJkt: 'the-key-thumbprint' }).where(eq(authorizationRequests.id, requestId));
    const result = await approveAuthorization(db, await reload(), testContext);
    if (!result.ok) throw new Error(result.reason);
    const code = new URL(result.redirectUrl).searchParams.get('code')!;
    expect((await db.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, sha256Hex(code))))[0]!.dpopJkt).toBe('the-key-thumbprint');
  });
});
