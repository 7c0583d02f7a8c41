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
import { createTempDb } from '@/test/temp-db';
import { approveAuthorization } from './approve';
import { confirmPinRegistrations } from './confirm';
import { denyAuthorization } from './deny';
import { loadJourney, type ActiveJourney } from './load';
import { loginForJourney } from './login';
import { chooseOperations } from './operations';
import { registerInquiryPin } from './pins';

describe('journey step 5: 許可 and キャンセル', () => {
  const temp = createTempDb();
  const db = temp.db;
  let seed: DemoSeed;
  beforeAll(async () => {
    seed = await seedDemo(db);
  });
  afterAll(() => temp.cleanup());

  async function journeyAtGrant(options: { registerPinFor?: string[]; scopes?: string[] } = {}) {
    const started = startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-kaikei']!, state: 'st-1' });
    const first = loadJourney(db, { requestToken: started.requestToken }) as ActiveJourney;
    const login = await loginForJourney(db, first, { loginId: 'tsunagu01', password: 'Tsunagu#2026' }, testContext);
    if (!login.ok) throw new Error('login failed');
    const reload = () =>
      loadJourney(db, { requestToken: started.requestToken, sessionToken: login.value.sessionToken }) as ActiveJourney;
    chooseOperations(db, reload(), options.scopes ?? ['accounts:read', 'transactions:read'], testContext);
    for (const number of options.registerPinFor ?? []) {
      const result = await registerInquiryPin(db, reload(), { accountId: seed.accountIds[number]!, pin: '1357' }, testContext);
      expect(result).toEqual({ ok: true });
    }
    confirmPinRegistrations(db, reload(), testContext);
    const journey = reload();
    expect(journey.step).toBe('grant');
    return { ...started, journey, reload };
  }

  it('makes PINs effective, creates the linkage with every registered account and issues one code', async () => {
    const { journey, requestId } = await journeyAtGrant({ registerPinFor: ['2000002'] });
    const now = new Date();
    const result = approveAuthorization(db, journey, testContext, now);
    if (!result.ok) throw new Error(result.reason);

    const redirect = new URL(result.redirectUrl);
    expect(redirect.origin + redirect.pathname).toBe('http://localhost:4000/callback');
    expect(redirect.searchParams.get('state')).toBe('st-1');
    expect(redirect.searchParams.get('iss')).toBe(config.appOrigin);
    const code = redirect.searchParams.get('code')!;
    const codeRow = db.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, sha256Hex(code))).get();
    expect(codeRow).toMatchObject({
      grantId: result.grantId,
      redirectUri: 'http://localhost:4000/callback',
      codeChallenge: journey.request.codeChallenge,
      codeChallengeMethod: 'S256',
      scopes: ['accounts:read', 'transactions:read'],
      usedAt: null,
    });

    const grant = db.select().from(grants).where(eq(grants.id, result.grantId)).get()!;
    expect(grant).toMatchObject({ companyId: seed.companyIds.tsunagu01, userId: seed.userIds.tsunagu01, revokedAt: null });
    expect(grant.scopes).toEqual(['accounts:read', 'transactions:read']);
    expect(grant.expiresAt.getTime()).toBe(grantPeriod(90, now).expiresAt.getTime());
    const covered = db.select().from(grantAccounts).where(eq(grantAccounts.grantId, result.grantId)).all();
    expect(covered.map((row) => row.accountId).sort()).toEqual([seed.accountIds['2000002'], seed.accountIds['2222222']].sort());

    const registration = db
      .select()
      .from(apiPinRegistrations)
      .where(eq(apiPinRegistrations.accountId, seed.accountIds['2000002']!))
      .get()!;
    expect(registration).toMatchObject({ status: 'effective', requestId });
    const request = db.select().from(authorizationRequests).where(eq(authorizationRequests.id, requestId)).get()!;
    expect(request.status).toBe('approved');
    const consent = db.select().from(auditEvents).where(eq(auditEvents.grantId, result.grantId)).all();
    expect(consent).toEqual([expect.objectContaining({ event: 'journey.consent', outcome: 'success', ip: testContext.ip })]);
  });

  it('issues no second code when 許可 arrives twice for one request', async () => {
    const { journey } = await journeyAtGrant();
    const codesBefore = db.select().from(authorizationCodes).all().length;
    const first = approveAuthorization(db, journey, testContext);
    const second = approveAuthorization(db, journey, testContext);
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, reason: 'not_pending' });
    expect(db.select().from(authorizationCodes).all()).toHaveLength(codesBefore + 1);
  });

  it("replaces the company's earlier linkage with the same partner and ends its tokens", async () => {
    const earlier = approveAuthorization(db, (await journeyAtGrant()).journey, testContext);
    if (!earlier.ok) throw new Error(earlier.reason);
    db.insert(tokens)
      .values({
        tokenHash: sha256Hex(`refresh-of-${earlier.grantId}`),
        kind: 'refresh',
        grantId: earlier.grantId,
        partnerId: seed.partnerIds['demo-kaikei']!,
        scopes: ['accounts:read'],
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .run();

    const later = approveAuthorization(db, (await journeyAtGrant()).journey, testContext);
    if (!later.ok) throw new Error(later.reason);
    expect(db.select().from(grants).where(eq(grants.id, earlier.grantId)).get()).toMatchObject({ revokedReason: 'replaced' });
    expect(db.select().from(tokens).where(eq(tokens.grantId, earlier.grantId)).get()!.revokedAt).not.toBeNull();
    expect(db.select().from(grants).where(eq(grants.id, later.grantId)).get()!.revokedAt).toBeNull();
  });

  it('refuses 許可 once the request has expired, leaving nothing behind', async () => {
    const { journey, requestId } = await journeyAtGrant({ registerPinFor: ['1111111'] });
    const later = new Date(journey.request.expiresAt.getTime() + 1);
    expect(approveAuthorization(db, journey, testContext, later)).toEqual({ ok: false, reason: 'not_pending' });
    expect(db.select().from(authorizationRequests).where(eq(authorizationRequests.id, requestId)).get()!.status).toBe('pending');
    expect(
      db.select().from(apiPinRegistrations).where(eq(apiPinRegistrations.accountId, seed.accountIds['1111111']!)).get()!.status,
    ).toBe('pending');
  });

  it('ends a cancelled request with access_denied and drops its pending PINs', async () => {
    const { journey, requestId } = await journeyAtGrant({ registerPinFor: ['1000014'] });
    const url = new URL(denyAuthorization(db, journey, testContext)!);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe('st-1');
    expect(url.searchParams.get('iss')).toBe(config.appOrigin);
    expect(url.searchParams.get('code')).toBeNull();
    expect(db.select().from(authorizationRequests).where(eq(authorizationRequests.id, requestId)).get()!.status).toBe('denied');
    expect(db.select().from(apiPinRegistrations).where(eq(apiPinRegistrations.requestId, requestId)).all()).toEqual([]);
    expect(denyAuthorization(db, journey, testContext)).toBeNull();
    expect(approveAuthorization(db, journey, testContext)).toEqual({ ok: false, reason: 'not_pending' });
  });
  it('binds the code to the dpop_jkt the authorization request carries (RFC 9449 §10)', async () => {
    const { requestId, reload } = await journeyAtGrant();
    db.update(authorizationRequests).set({ dpopJkt: 'the-key-thumbprint' }).where(eq(authorizationRequests.id, requestId)).run();
    const result = approveAuthorization(db, reload(), testContext);
    if (!result.ok) throw new Error(result.reason);
    const code = new URL(result.redirectUrl).searchParams.get('code')!;
    expect(db.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, sha256Hex(code))).get()!.dpopJkt).toBe('the-key-thumbprint');
  });
});
