// The demo partner app「デモ会計」as a child process against the e2e bank, and the journey a
// customer walks from it. The partner's redirect URI for the chosen port is registered first.
import { spawn, type ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { expect, test, type Page } from '@playwright/test';
import { partners } from '@/db/schema';
import { E2E_ORIGIN } from '../../playwright.config';
import { e2eDb } from './db';
import { restoreDemoPinRegistrations } from './fixtures';
import { approve, DEMO_PASSWORD, logIn } from './journey';

export async function startDemoPartnerApp(port: number, clientId: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const origin = `http://localhost:${port}`;
  const db = e2eDb();
  const [partner] = await db.select().from(partners).where(eq(partners.clientId, clientId)).limit(1);
  if (!partner!.redirectUris.includes(`${origin}/callback`)) {
    await db.update(partners).set({ redirectUris: [...partner!.redirectUris, `${origin}/callback`] }).where(eq(partners.id, partner!.id));
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo-partner/server.ts'], {
    env: { ...process.env, ...env, PORT: String(port), BANK_ORIGIN: E2E_ORIGIN, DEMO_PARTNER_CLIENT: clientId },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(origin).then((r) => r.ok, () => false);
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`the demo partner app did not start on ${origin}`);
}

/** Walks whatever steps the journey shows (earlier specs may have registered PINs already). */
export async function walkJourneyAsTsunagu01(page: Page) {
  await logIn(page, 'tsunagu01', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/consent\/(operations|pin|pin-result|grant)$/);
  if (page.url().endsWith('/consent/operations')) {
    await expect(page.getByRole('checkbox', { name: '入出金明細照会' })).toBeChecked();
    await page.getByRole('button', { name: '次へ' }).click();
    await expect(page).toHaveURL(/\/consent\/(pin|grant)$/);
  }
  if (page.url().endsWith('/consent/pin')) {
    const account = page.getByRole('radio').first();
    await account.check();
    await page.getByLabel('照会用暗証番号', { exact: true }).fill('1357');
    await page.getByRole('button', { name: '登録' }).click();
    await expect(page).toHaveURL(/\/consent\/pin-result$/);
  }
  if (page.url().endsWith('/consent/pin-result')) await page.getByRole('button', { name: '確認' }).click();
  await approve(page);
}

/**
 * A spec's serial tests against one demo partner app on `port` as `clientId`, sharing one
 * browser page (the app keeps its tokens in that page's session). Registers the hooks; the
 * spec registers PINs for tsunagu01, so the demo state is restored afterwards.
 */
export function sharedDemoPartnerApp(port: number, clientId: string): { page: () => Page; origin: string } {
  let partnerApp: ChildProcess | undefined;
  let page: Page;
  test.describe.configure({ mode: 'serial' });
  test.afterAll(async () => {
    await restoreDemoPinRegistrations();
  });
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    partnerApp = await startDemoPartnerApp(port, clientId);
  });
  test.afterAll(async () => {
    partnerApp?.kill('SIGTERM');
    await page.close();
  });
  return { page: () => page, origin: `http://localhost:${port}` };
}
