// 「キャンセル」 on any step ends the request: access_denied, state and iss back to the
// partner, nothing registered, and the request cannot be resumed.
import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { apiPinRegistrations } from '@/db/schema';
import { e2eDb } from './support/db';
import { accountRow, fixtureAccountText, latestRequestOf, newCustomer } from './support/fixtures';
import { logIn, registerPin } from './support/journey';
import { APP_ORIGIN, startJourney } from './support/oauth';

test('キャンセル on the login step sends access_denied with state and iss, and ends the request', async ({ page }) => {
  const journey = await startJourney(page, 'demo-kaikei');
  await page.getByRole('button', { name: 'キャンセル' }).click();
  const callback = await journey.callback;
  expect(callback.searchParams.get('error')).toBe('access_denied');
  expect(callback.searchParams.get('state')).toBe(journey.state);
  expect(callback.searchParams.get('iss')).toBe(APP_ORIGIN);
  expect(callback.searchParams.get('code')).toBeNull();
  await expect(page).toHaveURL(/^http:\/\/localhost:4000\/callback/);

  await page.goto('/consent/login');
  await expect(page).toHaveURL(/\/consent\/unavailable$/);
  await expect(page.getByRole('heading', { name: 'API連携認証を続けられません' })).toBeVisible();
});

test('キャンセル after a PIN was registered leaves the account 未登録', async ({ page }) => {
  const customer = await newCustomer([{ registered: false }, { registered: false }]);
  const journey = await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, customer.password);
  await registerPin(page, await fixtureAccountText(customer.accountIds[0]!), '1357');
  await expect(page).toHaveURL(/\/consent\/pin-result$/);
  await page.getByRole('button', { name: 'キャンセル' }).click();

  expect((await journey.callback).searchParams.get('error')).toBe('access_denied');
  expect((await latestRequestOf(customer.userId))?.status).toBe('denied');
  const registrations = (await e2eDb()
    .select()
    .from(apiPinRegistrations)
    .where(eq(apiPinRegistrations.accountId, (await accountRow(customer.accountIds[0]!)).id))
    );
  expect(registrations).toEqual([]);
});
