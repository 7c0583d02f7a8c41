// The whole journey of journey.md as tsunagu01 with demo-kaikei: all five steps, several
// PINs, the result table, consent, the code back at the partner, then the token endpoint.
import { expect, test } from '@playwright/test';
import { approve, DEMO_PASSWORD, logIn, registerPin } from './support/journey';
import { APP_ORIGIN, exchangeCode, refreshTokens, startJourney } from './support/oauth';
import { restoreDemoPinRegistrations } from './support/fixtures';

// Other specs link tsunagu01 too; start from the demo state whatever ran before.
test.beforeEach(async () => {
  await restoreDemoPinRegistrations();
});

test('tsunagu01 links demo-kaikei through all five steps and the partner gets working tokens', async ({ page, request }) => {
  const journey = await startJourney(page, 'demo-kaikei');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API連携認証（利用登録）');
  await expect(page.getByText('デモ会計（デモ会計株式会社）')).toBeVisible();
  await logIn(page, 'tsunagu01', DEMO_PASSWORD);

  // 手順2: the three requested operations, all checked at first; keep two.
  await expect(page).toHaveURL(/\/consent\/operations$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API連携認証（認可業務選択）（利用登録）');
  for (const name of ['口座一覧照会', '残高照会', '入出金明細照会']) {
    await expect(page.getByRole('checkbox', { name })).toBeChecked();
  }
  await page.getByRole('checkbox', { name: '残高照会' }).uncheck();
  await page.getByRole('button', { name: '次へ' }).click();

  // 手順3 → 手順4, twice (「照会用暗証番号の追加登録」).
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API連携認証（照会用暗証番号登録）（利用登録）');
  await expect(page.getByRole('radio', { name: 'インターネット支店(202) 普通 2222222' })).toHaveCount(0);
  await registerPin(page, 'インターネット支店(001) 普通 2000002', '1357');
  await expect(page).toHaveURL(/\/consent\/pin-result$/);
  await page.getByRole('button', { name: '照会用暗証番号の追加登録' }).click();
  await registerPin(page, '本店営業部(456) 当座 1000014', '1357');

  await expect(page).toHaveURL(/\/consent\/pin-result$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API連携認証（照会用暗証番号登録結果）');
  const table = page.getByRole('table', { name: '◎ 口座一覧' });
  const row = (account: string) => table.getByRole('row', { name: new RegExp(account.replace(/[()]/g, '\\$&')) });
  await expect(table.getByRole('columnheader')).toHaveText(['登録状態', '照会用口座', '口座メモ', '照会用暗証番号（現在）']);
  await expect(row('インターネット支店(001) 普通 2000002').getByRole('cell')).toHaveText([
    '登録済み*',
    '口座メモ5678901234567890',
    /●●●●/,
  ]);
  await expect(row('インターネット支店(202) 普通 1111111').getByRole('cell')).toHaveText(['未登録', /—/, /—/]);
  await expect(row('インターネット支店(202) 普通 2222222').getByRole('cell')).toHaveText(['登録済み', /—/, /●●●●/]);
  await expect(row('本店営業部(456) 当座 1000014').getByRole('cell').first()).toHaveText('登録済み*');
  await expect(page.getByText('※登録状態欄に“*”が表示されている口座の暗証番号は、認可完了後に有効となります。')).toBeVisible();
  await page.getByRole('button', { name: '確認' }).click();

  // 手順5: what is granted, for how long, and the real partner name in the notice's text.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API連携認証（情報アクセス許可）（利用登録）');
  await expect(page.getByText('デモ会計（デモ会計株式会社）がお客様のインターネットバンキングの口座情報・暗証情報へのアクセスを求めています。')).toBeVisible();
  await expect(page.getByTestId('granted-operations').getByRole('listitem')).toHaveText(['口座一覧照会', '入出金明細照会']);
  await expect(page.getByTestId('granted-accounts').getByRole('listitem')).toHaveText([
    'インターネット支店(001) 普通 2000002',
    'インターネット支店(202) 普通 2222222',
    '本店営業部(456) 当座 1000014',
  ]);
  await expect(page.getByTestId('grant-period')).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 ～ \d{4}年\d{1,2}月\d{1,2}日（90日間）$/);
  await approve(page);

  const callback = await journey.callback;
  expect(callback.origin + callback.pathname).toBe('http://localhost:4000/callback');
  expect(callback.searchParams.get('state')).toBe(journey.state);
  expect(callback.searchParams.get('iss')).toBe(APP_ORIGIN);
  const code = callback.searchParams.get('code');
  expect(code).toBeTruthy();

  const tokenResponse = await exchangeCode(request, journey, code!);
  expect(tokenResponse.status()).toBe(200);
  const tokens = await tokenResponse.json();
  expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'accounts:read transactions:read' });
  expect(typeof tokens.access_token).toBe('string');

  const refreshed = await refreshTokens(request, 'demo-kaikei', tokens.refresh_token);
  expect(refreshed.status()).toBe(200);
  const next = await refreshed.json();
  expect(next.refresh_token).not.toBe(tokens.refresh_token);
  expect(next.scope).toBe('accounts:read transactions:read');

  // The code worked once only.
  expect((await exchangeCode(request, journey, code!)).status()).toBe(400);
});
