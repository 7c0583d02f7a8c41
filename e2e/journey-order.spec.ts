// The server decides where the customer is: steps opened out of order, by reload or by the
// back button land on the step really reached, and a request is bound to one browser.
import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { authorizationRequests } from '@/db/schema';
import { e2eDb } from './support/db';
import { fixtureAccountText, latestRequestOf, newCustomer } from './support/fixtures';
import { logIn, registerPin } from './support/journey';
import { authorizeUrl, pkcePair, startJourney } from './support/oauth';

test('a redirect_uri that is not registered shows the error page and never redirects', async ({ page }) => {
  const partnerHits: string[] = [];
  await page.route('https://evil.example/**', (route) => {
    partnerHits.push(route.request().url());
    return route.fulfill({ status: 200, body: 'evil' });
  });
  const { codeChallenge } = pkcePair();
  const response = await page.goto(
    authorizeUrl('demo-kaikei', { state: 's', code_challenge: codeChallenge, redirect_uri: 'https://evil.example/callback' }),
  );
  expect(response?.status()).toBe(400);
  expect(new URL(page.url()).pathname).toBe('/oauth/authorize');
  await expect(page.getByRole('heading', { name: 'API連携認証を開始できませんでした' })).toBeVisible();
  expect(partnerHits).toEqual([]);
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).not.toContain('tsunagu_authz');
});

test('steps opened out of order go to the step really reached', async ({ page }) => {
  const customer = await newCustomer([{ registered: true }, { registered: false }]);
  await startJourney(page, 'demo-kaikei');
  for (const path of ['/consent/operations', '/consent/pin', '/consent/pin-result', '/consent/grant']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/consent\/login$/);
  }
  await logIn(page, customer.loginId, customer.password);
  await expect(page).toHaveURL(/\/consent\/operations$/);
  for (const path of ['/consent/login', '/consent/pin', '/consent/grant', '/consent']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/consent\/operations$/);
  }
});

test('reload and the back button mid-journey stay on the step reached', async ({ page }) => {
  const customer = await newCustomer([{ registered: true }, { registered: false }]);
  await startJourney(page, 'demo-kaikei');
  await logIn(page, customer.loginId, customer.password);
  await page.getByRole('button', { name: '次へ' }).click();
  await registerPin(page, await fixtureAccountText(customer.accountIds[1]!), '1357');
  await expect(page).toHaveURL(/\/consent\/pin-result$/);

  await page.reload();
  await expect(page).toHaveURL(/\/consent\/pin-result$/);
  await page.goBack();
  // Back to step 3, but no account is left to register: the server sends the browser on.
  await expect(page).toHaveURL(/\/consent\/pin-result$/);

  await page.getByRole('button', { name: '確認' }).click();
  await expect(page).toHaveURL(/\/consent\/grant$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/consent\/grant$/);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API連携認証（情報アクセス許可）（利用登録）');
});

test('a step opened without the request cookie, or with only another browser’s, goes nowhere', async ({ page, browser }) => {
  const customer = await newCustomer([{ registered: true }]);
  await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, customer.password);
  await expect(page).toHaveURL(/\/consent\/grant$/);

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto('/consent/grant');
  await expect(strangerPage).toHaveURL(/\/consent\/unavailable$/);
  await expect(strangerPage.getByText('お手続きの有効期限が切れたか、正しくない手順で画面が開かれました。', { exact: false })).toBeVisible();

  // The request cookie alone, without the session that logged in, starts again at login.
  const requestCookie = (await page.context().cookies()).find((c) => c.name === 'tsunagu_authz')!;
  await stranger.addCookies([requestCookie]);
  await strangerPage.goto('/consent/grant');
  await expect(strangerPage).toHaveURL(/\/consent\/login$/);
  await stranger.close();
});

test('an expired request says so and offers the way back to the partner', async ({ page }) => {
  const customer = await newCustomer([{ registered: true }]);
  const journey = await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, customer.password);
  await expect(page).toHaveURL(/\/consent\/grant$/);
  const request = (await latestRequestOf(customer.userId))!;
  await e2eDb()
    .update(authorizationRequests)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(authorizationRequests.id, request.id))
    ;

  await page.reload();
  await expect(page).toHaveURL(/\/consent\/unavailable$/);
  await expect(page.getByText('お手続きの有効期限が切れました。', { exact: false })).toBeVisible();
  await expect(page.getByText('デモ明細フィード（デモフィード株式会社）')).toBeVisible();
  await page.getByRole('link', { name: 'API連携先のサービス画面に戻る' }).click();
  const callback = await journey.callback;
  expect(callback.searchParams.get('error')).toBe('access_denied');
  expect(callback.searchParams.get('state')).toBe(journey.state);
  expect(callback.searchParams.get('code')).toBeNull();
});
