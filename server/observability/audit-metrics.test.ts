import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { config } from '@/lib/config';
import { RateLimiter } from '@/lib/rate-limit';
import { createFixtureCustomer, startAuthorizationRequest, testContext } from '@/test/journey-fixtures';
import { createTempDb } from '@/test/temp-db';
import { recordAudit } from '../audit';
import { authenticateStaff } from '../admin/staff-auth';
import { authenticateCustomer } from '../customer-auth';
import { loadJourney, type ActiveJourney } from '../journey/load';
import { loginForJourney } from '../journey/login';
import { registerInquiryPin } from '../journey/pins';
import { createLoginLimiters } from '../login-limits';
import { metrics } from './metrics';

// The security counters are fed by the audit rows the real domain code writes: these tests
// drive the login, lockout and PIN rules themselves, so a renamed audit event turns them red.
const temp = await createTempDb();
const db = temp.db;
let seed: DemoSeed;
beforeAll(async () => {
  seed = await seedDemo(db);
});
afterAll(() => temp.cleanup());

type CounterName = 'loginFailures' | 'lockouts' | 'pinFailures' | 'rateLimitRefusals' | 'revocations';

async function counter(name: CounterName, labels: Record<string, string>): Promise<number> {
  // prom-client's get() is its own async read of a metric, not a SQLite call.
  const { values } = await metrics()[name].get(); // eslint-disable-line no-restricted-syntax
  return values
    .filter((v) => Object.entries(labels).every(([key, value]) => (v.labels as Record<string, unknown>)[key] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

/** How much `run` moved each counter. */
async function moved(counters: [CounterName, Record<string, string>][], run: () => Promise<unknown>): Promise<number[]> {
  const before = await Promise.all(counters.map(([name, labels]) => counter(name, labels)));
  await run();
  const after = await Promise.all(counters.map(([name, labels]) => counter(name, labels)));
  return after.map((value, i) => value - before[i]!);
}

const roomy = () => ({ perSource: new RateLimiter(1000, 100), perLoginId: new RateLimiter(1000, 100) });
const customerLogin = (loginId: string, password: string, limiters: ReturnType<typeof createLoginLimiters> = roomy()) =>
  authenticateCustomer(db, { loginId, password, context: testContext, audit: { via: 'test' }, onSuccess: () => null, limiters });

describe('security counters from the audit trail', () => {
  it('counts wrong passwords, the lockout they cause, and attempts on the locked user', async () => {
    const customer = await createFixtureCustomer(db, { accounts: [{ registered: true }] });
    const deltas = await moved(
      [
        ['loginFailures', { actor: 'customer', reason: 'invalid_password' }],
        ['loginFailures', { actor: 'customer', reason: 'locked' }],
        ['lockouts', { kind: 'customer' }],
      ],
      async () => {
        for (let i = 0; i < config.loginLockThreshold; i++) await customerLogin(customer.loginId, 'wrong');
        await customerLogin(customer.loginId, customer.password);
      },
    );
    expect(deltas).toEqual([config.loginLockThreshold, 1, 1]);
  });

  it('counts unknown login IDs and staff failures apart from customers', async () => {
    const deltas = await moved(
      [
        ['loginFailures', { actor: 'customer', reason: 'unknown_login_id' }],
        ['loginFailures', { actor: 'staff', reason: 'invalid_password' }],
      ],
      async () => {
        await customerLogin('nobody-here', 'x');
        await authenticateStaff(db, 'auditor', 'wrong', testContext, { limiters: roomy() });
      },
    );
    expect(deltas).toEqual([1, 1]);
  });

  it('counts login attempts refused by the per-login-ID limit, which write no audit row', async () => {
    const limiters = { ...createLoginLimiters(), perLoginId: new RateLimiter(1, 0.001) };
    const deltas = await moved([['rateLimitRefusals', { limit: 'login' }], ['loginFailures', {}]], async () => {
      await customerLogin('probe-limited', 'x', limiters);
      expect(await customerLogin('probe-limited', 'x', limiters)).toMatchObject({ reason: 'rate_limited' });
    });
    expect(deltas).toEqual([1, 1]);
  });

  it('counts wrong inquiry PINs and the lock of the account they cause', async () => {
    const customer = await createFixtureCustomer(db, { accounts: [{ registered: false }] });
    const started = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-feed']! });
    const before = (await loadJourney(db, { requestToken: started.requestToken })) as ActiveJourney;
    const login = await loginForJourney(db, before, { loginId: customer.loginId, password: customer.password }, testContext);
    if (!login.ok) throw new Error('login failed');
    const journey = async () => (await loadJourney(db, { requestToken: started.requestToken, sessionToken: login.value.sessionToken })) as ActiveJourney;
    const deltas = await moved(
      [
        ['pinFailures', { reason: 'wrong_pin' }],
        ['pinFailures', { reason: 'locked' }],
        ['lockouts', { kind: 'pin' }],
      ],
      async () => {
        for (let i = 0; i < config.pinLockThreshold; i++) {
          await registerInquiryPin(db, await journey(), { accountId: customer.accountIds[0]!, pin: '9999' }, testContext);
        }
        await registerInquiryPin(db, await journey(), { accountId: customer.accountIds[0]!, pin: '1357' }, testContext);
      },
    );
    expect(deltas).toEqual([config.pinLockThreshold, 1, 1]);
  });

  it('keeps label values to fixed sets whatever the audit detail says', async () => {
    const deltas = await moved([['revocations', { kind: 'linkage', reason: 'other' }]], async () => {
      await recordAudit(db, { event: 'grant.revoked', outcome: 'success', actorType: 'system', detail: { reason: 'x'.repeat(300) } });
    });
    expect(deltas).toEqual([1]);
    const { values } = await metrics().revocations.get(); // eslint-disable-line no-restricted-syntax -- prom-client's async read
    expect(values.map((v) => v.labels.reason)).not.toContain('x'.repeat(300));
  });
});
