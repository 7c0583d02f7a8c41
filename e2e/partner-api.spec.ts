// The account-data API through the production build: the route files bind the same
// handlers the unit tests exercise, and answer with the headers partners rely on.
import { eq } from 'drizzle-orm';
import { expect, test } from '@playwright/test';
import { accounts, partners, users } from '@/db/schema';
import { createLinkage } from '@/test/linkage-fixture';
import { e2eDb } from './support/db';

async function linkage() {
  const db = e2eDb();
  const user = (await db.select().from(users).where(eq(users.loginId, 'tsunagu02')).limit(1))[0]!;
  const partner = (await db.select().from(partners).where(eq(partners.clientId, 'demo-feed')).limit(1))[0]!;
  const accountIds = (await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.companyId, user.companyId))).map((a) => a.id);
  return { ...(await createLinkage(db, { companyId: user.companyId, userId: user.id, partnerId: partner.id, accountIds })), accountIds };
}

test('accounts, balances and transactions answer through the built app', async ({ request }) => {
  const { accessToken, accountIds } = await linkage();
  const headers = { Authorization: `Bearer ${accessToken}` };
  const list = await request.get('/api/v1/accounts', { headers });
  expect(list.status()).toBe(200);
  expect(list.headers()['cache-control']).toBe('no-store');
  expect((await list.json()).accounts).toHaveLength(accountIds.length);

  const balance = await request.get(`/api/v1/accounts/${accountIds[0]}/balances`, { headers });
  expect(await balance.json()).toMatchObject({ accountId: accountIds[0], balance: expect.any(Number) });

  const page = await request.get(`/api/v1/accounts/${accountIds[0]}/transactions?limit=2&dateFrom=${new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10)}`, { headers });
  const body = await page.json();
  expect(body).toMatchObject({ count: 2, hasNext: true, currencyCode: 'JPY' });
  const next = await request.get(`/api/v1/accounts/${accountIds[0]}/transactions?limit=2&dateFrom=${body.dateFrom}&nextItemKey=${body.nextItemKey}`, { headers });
  expect((await next.json()).transactions[0].itemKey).not.toBe(body.transactions[0].itemKey);
});

test('a missing token answers 401 with the Bearer challenge, in Japanese', async ({ request }) => {
  const response = await request.get('/api/v1/accounts');
  expect(response.status()).toBe(401);
  expect(response.headers()['www-authenticate']).toBe('Bearer error="invalid_token"');
  expect(await response.json()).toEqual({ errorCode: 'invalid_token', errorMessage: expect.stringContaining('アクセストークン') });
});

test('the OpenAPI document is served at /api/v1/openapi.json with the issuer as server', async ({ request, baseURL }) => {
  const response = await request.get('/api/v1/openapi.json');
  expect(response.status()).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.servers).toEqual([{ url: baseURL }]);
  expect((await request.get('/api/v1/bench-baseline')).status()).toBe(404);
});
