import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { auditEvents, authorizationRequests, users } from '@/db/schema';
import { config } from '@/lib/config';
import { createFixtureCustomer, startAuthorizationRequest, testContext } from '@/test/journey-fixtures';
import type { Db } from '@/db/client';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { loadJourney, type ActiveJourney, type JourneyCookies } from './load';
import { loginForJourney } from './login';

describe('journey step 1: login', () => {
  let temp: TempDb;
  let db: Db;
  let seed: DemoSeed;
  beforeAll(async () => {
    temp = await createTempDb();
    db = temp.db;
    seed = await seedDemo(db);
  });
  afterAll(() => temp.cleanup());

  async function active(cookies: JourneyCookies): Promise<ActiveJourney> {
    const journey = await loadJourney(db, cookies);
    if (journey.status !== 'active') throw new Error(`journey is ${journey.status}`);
    return journey;
  }

  async function login(requestToken: string, loginId: string, password: string) {
    return loginForJourney(db, await active({ requestToken }), { loginId, password }, testContext);
  }

  it('answers an unknown login ID and a wrong password alike', async () => {
    const { requestToken } = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-kaikei']! });
    expect(await login(requestToken, 'nobody', 'Tsunagu#2026')).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(await login(requestToken, 'tsunagu02', 'wrong')).toEqual({ ok: false, reason: 'invalid_credentials' });
    const user = (await db.select().from(users).where(eq(users.loginId, 'tsunagu02')))[0]!;
    expect(user.failedLoginCount).toBe(1);
    expect(await login(requestToken, 'tsunagu02', 'Tsunagu#2026')).toMatchObject({ ok: true });
    expect((await db.select().from(users).where(eq(users.loginId, 'tsunagu02')))[0]!.failedLoginCount).toBe(0);
  });

  it('locks the user at the fifth consecutive wrong password and then refuses the right one', async () => {
    const customer = await createFixtureCustomer(db, { accounts: [{ registered: true }] });
    const { requestToken } = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-feed']! });
    for (let attempt = 1; attempt < config.loginLockThreshold; attempt++) {
      expect(await login(requestToken, customer.loginId, `wrong-${attempt}`)).toEqual({ ok: false, reason: 'invalid_credentials' });
    }
    expect(await login(requestToken, customer.loginId, 'wrong-last')).toEqual({ ok: false, reason: 'locked' });
    expect(await login(requestToken, customer.loginId, customer.password)).toEqual({ ok: false, reason: 'locked' });

    const user = (await db.select().from(users).where(eq(users.id, customer.userId)))[0]!;
    expect(user.lockedAt).not.toBeNull();
    expect((await active({ requestToken })).step).toBe('login');
    const locked = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'customer.locked'), eq(auditEvents.actorId, customer.userId)));
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ ip: testContext.ip, userAgent: testContext.userAgent });
  });

  it('ties the request to the user and a new session, so the journey moves on', async () => {
    const started = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-kaikei']! });
    const result = await login(started.requestToken, 'tsunagu01', 'Tsunagu#2026');
    if (!result.ok) throw new Error('login failed');
    const row = (await db.select().from(authorizationRequests).where(eq(authorizationRequests.id, started.requestId)))[0]!;
    expect(row.userId).toBe(seed.userIds.tsunagu01);
    expect(row.loggedInAt).not.toBeNull();
    const journey = await active({ requestToken: started.requestToken, sessionToken: result.value.sessionToken });
    expect(journey.user?.loginId).toBe('tsunagu01');
    expect(journey.step).toBe('operations');
  });

  it('never lets a session from an earlier visit skip login in a new request', async () => {
    const first = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-kaikei']! });
    const result = await login(first.requestToken, 'tsunagu01', 'Tsunagu#2026');
    if (!result.ok) throw new Error('login failed');
    const second = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-kaikei']! });
    const journey = await active({ requestToken: second.requestToken, sessionToken: result.value.sessionToken });
    expect(journey.user).toBeNull();
    expect(journey.step).toBe('login');
  });

  it('sends a browser holding the request cookie but not its session back to login', async () => {
    const started = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-feed']! });
    const result = await login(started.requestToken, 'tsunagu02', 'Tsunagu#2026');
    expect(result.ok).toBe(true);
    expect((await active({ requestToken: started.requestToken })).step).toBe('login');
    expect((await active({ requestToken: started.requestToken, sessionToken: 'someone-elses' })).step).toBe('login');
  });

  it('reports an unknown cookie as missing and an expired request as expired, with the way back', async () => {
    expect(await loadJourney(db, { requestToken: 'forged' })).toEqual({ status: 'missing' });
    expect(await loadJourney(db, {})).toEqual({ status: 'missing' });
    const past = new Date(Date.now() - config.authorizationRequestTtlMs - 1000);
    const started = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-feed']!, now: past, state: 'xyz' });
    const expired = await loadJourney(db, { requestToken: started.requestToken });
    expect(expired.status).toBe('expired');
    if (expired.status !== 'expired') return;
    const back = new URL(expired.returnUrl!);
    expect(back.origin + back.pathname).toBe('http://localhost:4000/callback');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('xyz');
    expect(back.searchParams.get('iss')).toBe(config.appOrigin);
  });
});
