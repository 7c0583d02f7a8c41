import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { accounts, apiPinRegistrations, auditEvents } from '@/db/schema';
import { config } from '@/lib/config';
import { createFixtureCustomer, startAuthorizationRequest, testContext, type FixtureCustomer } from '@/test/journey-fixtures';
import type { Db } from '@/db/client';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { loadJourney, type ActiveJourney } from './load';
import { loginForJourney } from './login';
import { registerInquiryPin } from './pins';

describe('journey step 3: inquiry PIN registration', () => {
  let temp: TempDb;
  let db: Db;
  let seed: DemoSeed;
  beforeAll(async () => {
    temp = await createTempDb();
    db = temp.db;
    seed = await seedDemo(db);
  });
  afterAll(() => temp.cleanup());

  /** A logged-in journey of `customer` for demo-feed (no operations step). */
  async function loggedIn(customer: Pick<FixtureCustomer, 'loginId' | 'password'>) {
    const started = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-feed']! });
    const before = (await loadJourney(db, { requestToken: started.requestToken })) as ActiveJourney;
    const result = await loginForJourney(db, before, { loginId: customer.loginId, password: customer.password }, testContext);
    if (!result.ok) throw new Error('login failed');
    const cookies = { requestToken: started.requestToken, sessionToken: result.value.sessionToken };
    return { ...started, reload: async () => (await loadJourney(db, cookies)) as ActiveJourney };
  }

  it('marks the account 登録済み* for this request only, never effective before 許可', async () => {
    const customer = await createFixtureCustomer(db, { accounts: [{ registered: false }, { registered: false }] });
    const first = await loggedIn(customer);
    expect((await first.reload()).step).toBe('pin');
    const result = await registerInquiryPin(db, await first.reload(), { accountId: customer.accountIds[0]!, pin: '1357' }, testContext);
    expect(result).toEqual({ ok: true });

    const journey = await first.reload();
    expect(journey.step).toBe('pin-result');
    expect(journey.accounts.find((a) => a.id === customer.accountIds[0])?.state).toBe('pending');
    const rows = (await db.select().from(apiPinRegistrations).where(eq(apiPinRegistrations.accountId, customer.accountIds[0]!)));
    expect(rows).toEqual([expect.objectContaining({ status: 'pending', requestId: first.requestId, effectiveAt: null })]);

    const other = await loggedIn(customer);
    expect((await other.reload()).accounts.find((a) => a.id === customer.accountIds[0])?.state).toBe('unregistered');
  });

  it('counts wrong PINs per account and stops registration at the threshold, even for the right PIN', async () => {
    const customer = await createFixtureCustomer(db, { accounts: [{ registered: false }, { registered: false }] });
    const journey = await loggedIn(customer);
    const target = customer.accountIds[0]!;
    for (let attempt = 1; attempt < config.pinLockThreshold; attempt++) {
      expect(await registerInquiryPin(db, await journey.reload(), { accountId: target, pin: '0000' }, testContext)).toEqual({
        ok: false,
        reason: 'wrong_pin',
        remaining: config.pinLockThreshold - attempt,
      });
    }
    expect(await registerInquiryPin(db, await journey.reload(), { accountId: target, pin: '0000' }, testContext)).toEqual({
      ok: false,
      reason: 'locked',
    });
    expect(await registerInquiryPin(db, await journey.reload(), { accountId: target, pin: '1357' }, testContext)).toEqual({
      ok: false,
      reason: 'locked',
    });
    expect((await db.select().from(accounts).where(eq(accounts.id, target)))[0]!.pinLockedAt).not.toBeNull();
    expect((await db.select().from(apiPinRegistrations).where(eq(apiPinRegistrations.accountId, target)))).toEqual([]);

    // The other account of the company is unaffected.
    const state = await journey.reload();
    expect(state.facts.registrableAccounts).toBe(1);
    expect(await registerInquiryPin(db, state, { accountId: customer.accountIds[1]!, pin: '1357' }, testContext)).toEqual({ ok: true });
  });

  it('skips step 3 once every unregistered account is locked', async () => {
    const customer = await createFixtureCustomer(db, { accounts: [{ registered: true }, { registered: false }] });
    const journey = await loggedIn(customer);
    for (let attempt = 0; attempt < config.pinLockThreshold; attempt++) {
      await registerInquiryPin(db, await journey.reload(), { accountId: customer.accountIds[1]!, pin: '9999' }, testContext);
    }
    expect((await journey.reload()).step).toBe('grant');
  });

  it("refuses another company's account and an account already registered", async () => {
    const customer = await createFixtureCustomer(db, { accounts: [{ registered: true }, { registered: false }] });
    const journey = await loggedIn(customer);
    for (const accountId of [seed.accountIds['2000002']!, customer.accountIds[0]!]) {
      expect(await registerInquiryPin(db, await journey.reload(), { accountId, pin: '1357' }, testContext)).toEqual({
        ok: false,
        reason: 'unavailable',
      });
    }
    expect((await db.select().from(accounts).where(eq(accounts.id, seed.accountIds['2000002']!)))[0]!.pinFailedCount).toBe(0);
  });

  it('never writes the PIN into the audit trail', async () => {
    const customer = await createFixtureCustomer(db, { pin: '8642', accounts: [{ registered: false }] });
    const journey = await loggedIn(customer);
    await registerInquiryPin(db, await journey.reload(), { accountId: customer.accountIds[0]!, pin: '1111' }, testContext);
    await registerInquiryPin(db, await journey.reload(), { accountId: customer.accountIds[0]!, pin: '8642' }, testContext);
    const trail = JSON.stringify((await db.select().from(auditEvents)));
    expect(trail).toContain('journey.pin_registration');
    expect(trail).not.toContain('8642');
    expect(trail).not.toContain('"1111"');
  });
});
