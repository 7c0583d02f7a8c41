// SIGTERM to the Next.js app under refresh load (operations.md "Shutdown"): it stops
// accepting, finishes what is in flight, closes the database and exits 0 within 10 s; no
// answer is a 5xx and every refresh it acknowledged is in the file. Runs after
// deployment.spec.ts (file order): the app is gone afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { eq, inArray } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { accounts, partners, tokens, users } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { createLinkage } from '@/test/linkage-fixture';
import { startRefreshLoad } from '@/test/refresh-load';
import { DEPLOY_ORIGIN } from '../playwright.deployment.config';

const work = path.join('data', `deploy-${new URL(DEPLOY_ORIGIN).port}`);
const APP = `http://127.0.0.1:${process.env.DEPLOY_APP_PORT || 3600}`;
const basic = `Basic ${Buffer.from('demo-kaikei:demo-kaikei-secret').toString('base64')}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('SIGTERM under load: no 5xx, nothing acknowledged lost, exit within 10 s', async () => {
  test.setTimeout(60_000);
  const db = openDatabase(path.join(work, 'tsunagu.db'));
  const user = (await db.select().from(users).where(eq(users.loginId, 'tsunagu01')).limit(1))[0]!;
  const partner = (await db.select().from(partners).where(eq(partners.clientId, 'demo-kaikei')).limit(1))[0]!;
  const account = (await db.select().from(accounts).where(eq(accounts.companyId, user.companyId)).limit(1))[0]!;
  const chains = [];
  for (let i = 0; i < 12; i++) {
    chains.push(await createLinkage(db, { companyId: user.companyId, userId: user.id, partnerId: partner.id, accountIds: [account.id] }));
  }

  const load = startRefreshLoad(APP, basic, chains.map((chain) => chain.refreshToken));
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const pid = Number(fs.readFileSync(path.join(work, 'app.pid'), 'utf8'));
  fs.writeFileSync(path.join(work, 'app.stopped-by-test'), '');
  const signalledAt = Date.now();
  process.kill(pid, 'SIGTERM');
  while (alive(pid) && Date.now() - signalledAt < 12_000) await new Promise((resolve) => setTimeout(resolve, 50));
  await load.stop();
  const { acknowledged, statuses } = load;

  expect(alive(pid)).toBe(false);
  expect(Date.now() - signalledAt).toBeLessThan(10_000);
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
  expect(acknowledged.length).toBeGreaterThan(chains.length);
  const stored = await db.select({ tokenHash: tokens.tokenHash }).from(tokens).where(inArray(tokens.tokenHash, acknowledged.map(sha256Hex)));
  expect(stored.length).toBe(acknowledged.length);
  expect(fs.readFileSync(path.join(work, 'app.log'), 'utf8')).toContain('SIGTERM: finishing requests in flight');
  db.$client.close(); // eslint-disable-line no-restricted-syntax -- the deployment's SQLite file (scripts/deployment-test-servers.sh), opened by this spec
});
