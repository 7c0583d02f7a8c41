// 「デモ会計」as the FAPI 2.0 partner demo-fapi (DEMO_PARTNER_CLIENT=demo-fapi): oauth4webapi
// pushes the request (PAR), authenticates with private_key_jwt and binds every token to its
// DPoP key. The customer walks the real journey; the bank's rows show what was bound.
import { and, desc, eq } from 'drizzle-orm';
import { expect, test } from '@playwright/test';
import { auditEvents, grants, partners, tokens, users } from '@/db/schema';
import { E2E_ORIGIN } from '../playwright.config';
import { e2eDb } from './support/db';
import { sharedDemoPartnerApp, walkJourneyAsTsunagu01 } from './support/demo-partner-app';

// Not 4000: the basic demo partner spec may hold it; this port is registered for demo-fapi first.
const app = sharedDemoPartnerApp(Number(process.env.DEMO_FAPI_PARTNER_PORT || 4001), 'demo-fapi');
const PARTNER = app.origin;

async function latestFapiGrant() {
  const db = e2eDb();
  const fapi = (await db.select().from(partners).where(eq(partners.clientId, 'demo-fapi')).limit(1))[0]!;
  const customer = (await db.select().from(users).where(eq(users.loginId, 'tsunagu01')).limit(1))[0]!;
  return (await db.select().from(grants).where(and(eq(grants.partnerId, fapi.id), eq(grants.userId, customer.id))).orderBy(desc(grants.createdAt)).limit(1))[0]!;
}

test('demo-fapi links tsunagu01 through PAR, private_key_jwt and DPoP and shows its transactions', async () => {
  const page = app.page();
  await page.goto(PARTNER);
  await page.getByRole('link', { name: '銀行口座を連携する' }).click();

  // The browser carried only client_id and a request_uri from PAR.
  await expect(page).toHaveURL(new RegExp(`^${E2E_ORIGIN}/consent/`));
  await expect(page.getByText('デモFAPI会計（デモFAPI会計株式会社）')).toBeVisible();
  await walkJourneyAsTsunagu01(page);

  await expect(page).toHaveURL(`${PARTNER}/`);
  await expect(page.getByRole('status')).toHaveText('つなぐ信用組合の口座を連携しました。');
  const account = page.getByRole('row', { name: /インターネット支店（202） 普通 2222222/ });
  await expect(account.getByRole('cell').nth(1)).toHaveText(/^[\d,]+円/);
  await account.getByRole('link', { name: '入出金明細を見る' }).click();
  await expect(page.getByText(/1ページ目（20件）/)).toBeVisible();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(21);

  const db = e2eDb();
  const grant = await latestFapiGrant();
  const issued = (await db.select().from(tokens).where(eq(tokens.grantId, grant.id)));
  expect(issued.length).toBeGreaterThanOrEqual(2);
  // Every token of the linkage is bound to one DPoP key (RFC 9449 cnf.jkt).
  expect(new Set(issued.map((t) => t.dpopJkt)).size).toBe(1);
  expect(issued[0]!.dpopJkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const pushed = (await db.select().from(auditEvents).where(and(eq(auditEvents.event, 'authorization.pushed'), eq(auditEvents.partnerId, grant.partnerId))));
  expect(pushed.length).toBeGreaterThan(0);
});

test('「連携を解除」 ends the demo-fapi linkage and the next DPoP call fails with 401', async () => {
  const page = app.page();
  await page.goto(PARTNER);
  await page.getByRole('button', { name: '連携を解除' }).click();
  await expect(page.getByRole('status')).toContainText('連携を解除しました。');
  await expect(page.getByRole('status')).toContainText('HTTP 401');
  expect((await latestFapiGrant()).revokedReason).toBe('partner_revoked');
});
