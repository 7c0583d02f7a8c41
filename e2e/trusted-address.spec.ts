import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { e2eDb } from './support/db';
import { newCustomer } from './support/fixtures';
import { formAlert, logIn } from './support/journey';
import { startJourney } from './support/oauth';

// Runs last (the file name): it spends this address's token-endpoint allowance.
// scripts/e2e-server.sh sets the login limits: per login ID 20 a minute; per source so high
// that the whole suite, coming from one address, never meets it.
const PER_LOGIN_ID = Number(process.env.E2E_LOGIN_ID_LIMIT || 20);

/**
 * The first attempts are ordinary wrong logins; past the per-ID allowance (which refills
 * while the test types) the form says when to try again. A stale alert can only make the
 * refusal show later than it happened, never earlier.
 */
async function expectRefusedPastLimit(page: Page, submit: (loginId: string) => Promise<void>) {
  const loginId = `probe-${crypto.randomUUID().slice(0, 8)}`;
  let refusedAt = 0;
  for (let attempt = 1; attempt <= 3 * PER_LOGIN_ID && !refusedAt; attempt++) {
    const answered = page.waitForResponse((response) => response.request().method() === 'POST');
    await submit(loginId);
    await answered;
    if (attempt === 1) await expect(formAlert(page)).toContainText('正しくありません');
    if ((await formAlert(page).textContent())?.includes('秒ほど経ってから')) refusedAt = attempt;
  }
  expect(refusedAt).toBeGreaterThan(PER_LOGIN_ID);
  await expect(formAlert(page)).toContainText(/\d+秒ほど経ってから、もう一度お試しください/);
}

async function fillLogin(page: Page, loginId: string, button: string) {
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('ログインパスワード').fill('wrong-password');
  await page.getByRole('button', { name: button }).click();
}

test('the journey login answers "try again in N seconds" past the per-login-ID limit', async ({ page }) => {
  await startJourney(page, 'demo-feed');
  await expectRefusedPastLimit(page, (id) => logIn(page, id, 'wrong-password'));
});

test('the linkage-page login answers "try again in N seconds" past the per-login-ID limit', async ({ page }) => {
  await page.goto('/linkages/login');
  await expectRefusedPastLimit(page, (id) => fillLogin(page, id, 'ログイン'));
});

test('the console login answers "try again in N seconds" past the per-login-ID limit', async ({ page }) => {
  await page.goto('/admin/login');
  await expectRefusedPastLimit(page, (id) => fillLogin(page, id, 'ログイン'));
});

test("the journey's login does not open the linkage page", async ({ page }) => {
  const customer = await newCustomer([{ registered: true }]);
  await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, customer.password);
  await expect(page).toHaveURL(/\/consent\/grant$/);
  await page.goto('/linkages');
  await expect(page).toHaveURL(/\/linkages\/login$/);
});

test('a client-chosen X-Forwarded-For neither resets the per-source limit nor reaches the audit trail', async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 90; i++) {
    const response = await request.post('/oauth/token', {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('demo-feed:wrong').toString('base64')}`,
        'x-forwarded-for': `198.51.100.${i}`,
        'x-tsunagu-client-address': `192.0.2.${i}`,
      },
      data: 'grant_type=refresh_token&refresh_token=x',
    });
    statuses.push(response.status());
  }
  expect(statuses).toContain(401);
  // Past the allowance nearly every request is refused; the bucket's refill (2 a second)
  // lets one through now and then, so the last answer alone would be a coin toss.
  expect(statuses.slice(-10).filter((status) => status === 429).length).toBeGreaterThanOrEqual(7);
  const addresses = (await e2eDb()
    .select({ ip: auditEvents.ip })
    .from(auditEvents)
    .where(eq(auditEvents.event, 'client.authentication_failed'))
    )
    .map((row) => row.ip);
  expect(addresses.length).toBeGreaterThan(0);
  expect(addresses.filter((ip) => ip?.startsWith('198.51.100.') || ip?.startsWith('192.0.2.'))).toEqual([]);
  expect(addresses.every((ip) => ip === '127.0.0.1' || ip === '::1')).toBe(true);
});
