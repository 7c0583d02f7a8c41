// The recommended deployment end to end: one https origin through Debian's nginx, the
// journey on Next.js with `__Host-` Secure cookies, the token exchange and API reads on the
// lean server, and audit rows that carry the client's address — not nginx's (127.0.0.5)
// and not one the client wrote into X-Forwarded-For.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { and, eq, inArray } from 'drizzle-orm';
import { openDatabase, type Db } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { approve, DEMO_PASSWORD, logIn } from '../e2e/support/journey';
import { exchangeCode, startJourney } from '../e2e/support/oauth';
import { DEPLOY_ORIGIN } from '../playwright.deployment.config';

const FORGED = '198.51.100.66';
let db: Db | undefined;
const deploymentDb = () => (db ??= openDatabase(path.join('data', `deploy-${new URL(DEPLOY_ORIGIN).port}`, 'tsunagu.db')));

test('metadata names the https issuer and is served through the proxy', async ({ request }) => {
  const response = await request.get('/.well-known/oauth-authorization-server');
  expect(response.status()).toBe(200);
  expect((await response.json()).issuer).toBe(DEPLOY_ORIGIN);
});

test('the public origin never serves the metrics, while the servers do to loopback', async ({ request }) => {
  expect((await request.get('/metrics')).status()).toBe(404);
  const direct = await fetch(`http://127.0.0.1:${process.env.DEPLOY_APP_PORT || 3600}/metrics`);
  expect(direct.status).toBe(200);
  expect(await direct.text()).toContain('tsunagu_http_requests_total');
});

test('a journey over https with __Host- Secure cookies, then tokens and reads through the lean server', async ({ page, request, context }) => {
  const journey = await startJourney(page, 'demo-feed');
  const cookies = await context.cookies();
  const authz = cookies.find((cookie) => cookie.name === '__Host-tsunagu_authz');
  expect(authz).toMatchObject({ secure: true, httpOnly: true, path: '/', sameSite: 'Lax' });
  expect(cookies.some((cookie) => cookie.name === 'tsunagu_authz')).toBe(false);

  await logIn(page, 'tsunagu02', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/consent\/grant$/);
  expect((await context.cookies()).find((cookie) => cookie.name === '__Host-tsunagu_journey')).toMatchObject({ secure: true, httpOnly: true });
  await approve(page);
  const callback = await journey.callback;
  expect(callback.searchParams.get('iss')).toBe(DEPLOY_ORIGIN);
  // 許可 ended the request and its login: both cookies are really gone, `__Host-` included.
  const after = (await context.cookies()).map((cookie) => cookie.name);
  expect(after).not.toContain('__Host-tsunagu_authz');
  expect(after).not.toContain('__Host-tsunagu_journey');

  const tokenResponse = await exchangeCode(request, journey, callback.searchParams.get('code')!);
  expect(tokenResponse.status()).toBe(200);
  const tokens = await tokenResponse.json();
  const accounts = await request.get('/api/v1/accounts', {
    headers: { authorization: `Bearer ${tokens.access_token}`, 'x-forwarded-for': FORGED },
  });
  expect(accounts.status()).toBe(200);
  expect((await accounts.json()).accounts.length).toBeGreaterThan(0);

  const rows = (await deploymentDb()
    .select({ event: auditEvents.event, ip: auditEvents.ip })
    .from(auditEvents)
    .where(and(inArray(auditEvents.event, ['customer.login', 'journey.consent', 'token.issued', 'api.read'])))
    );
  expect(new Set(rows.map((row) => row.event))).toEqual(new Set(['customer.login', 'journey.consent', 'token.issued', 'api.read']));
  expect(new Set(rows.map((row) => row.ip))).toEqual(new Set(['127.0.0.1']));
});

test('logging out of the linkage page clears its __Host- session cookie', async ({ page, context }) => {
  await page.goto('/linkages/login');
  await page.getByLabel('ログインID').fill('tsunagu01');
  await page.getByLabel('ログインパスワード').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page).toHaveURL(/\/linkages$/);
  await expect(page.getByRole('heading', { name: '連携中のサービス', exact: true })).toBeVisible();
  expect((await context.cookies()).find((cookie) => cookie.name === '__Host-tsunagu_session')).toMatchObject({ secure: true, httpOnly: true });
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/linkages\/login$/);
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('__Host-tsunagu_session');
  await page.goto('/linkages');
  await expect(page).toHaveURL(/\/linkages\/login$/);
});

test('a forged X-Forwarded-For on a refused token request is not what the audit trail records', async ({ request }) => {
  const response = await request.post('/oauth/token', {
    headers: { authorization: `Basic ${Buffer.from('demo-feed:wrong').toString('base64')}`, 'x-forwarded-for': FORGED },
    form: { grant_type: 'refresh_token', refresh_token: 'x' },
  });
  expect(response.status()).toBe(401);
  const rows = (await deploymentDb()
    .select({ ip: auditEvents.ip })
    .from(auditEvents)
    .where(eq(auditEvents.event, 'client.authentication_failed'))
    );
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((row) => row.ip === '127.0.0.1')).toBe(true);
});
