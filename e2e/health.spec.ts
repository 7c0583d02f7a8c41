// /healthz, /readyz and the WAL checkpoint worker in the production build of the Next.js app.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { expect, test } from '@playwright/test';
import { auditEvents, partners, users, accounts } from '@/db/schema';
import { createLinkage } from '@/test/linkage-fixture';
import { e2eDb } from './support/db';
import { PARTNERS } from './support/oauth';

const databaseFile = path.join('data', `e2e-${process.env.E2E_PORT || 3100}`, 'tsunagu.db');
const auditRows = async () => (await e2eDb().select({ n: count() }).from(auditEvents).limit(1))[0]!.n;

test('/healthz and /readyz answer at request time, uncached, and write no audit row', async ({ request }) => {
  const audited = await auditRows();
  for (let i = 0; i < 20; i++) {
    const health = await request.get('/healthz');
    expect(health.status()).toBe(200);
    expect(await health.text()).toBe('{"status":"ok"}');
    expect(health.headers()['cache-control']).toBe('no-store');
    const ready = await request.get('/readyz');
    expect(ready.status()).toBe(200);
    expect(await ready.text()).toBe('{"status":"ready"}');
    expect(ready.headers()['cache-control']).toBe('no-store');
  }
  expect(await auditRows()).toBe(audited);
});

test('the Next.js server checkpoints the WAL from its worker thread, without waiting for 1,000 pages', async ({ request }) => {
  const db = e2eDb();
  const file = databaseFile;
  const user = (await db.select().from(users).where(eq(users.loginId, 'tsunagu02')).limit(1))[0]!;
  const partner = (await db.select().from(partners).where(eq(partners.clientId, 'demo-feed')).limit(1))[0]!;
  const account = (await db.select().from(accounts).where(eq(accounts.companyId, user.companyId)).limit(1))[0]!;
  const { refreshToken } = await createLinkage(db, { companyId: user.companyId, userId: user.id, partnerId: partner.id, accountIds: [account.id] });
  // Only checkpoints write the database file itself; commits go to the WAL.
  const before = fs.statSync(file).mtimeMs;
  const refreshed = await request.post('/oauth/token', {
    headers: { Authorization: `Basic ${Buffer.from(`demo-feed:${PARTNERS['demo-feed'].secret}`).toString('base64')}` },
    form: { grant_type: 'refresh_token', refresh_token: refreshToken },
  });
  expect(refreshed.status()).toBe(200);
  await expect.poll(() => fs.statSync(file).mtimeMs, { timeout: 5000 }).toBeGreaterThan(before);
});

test('db:backup copies the database the Next.js server is serving, and db:restore refuses to replace it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-e2e-backup-'));
  const run = (script: string, file: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, file], { env: { ...process.env, DATABASE_PATH: databaseFile }, encoding: 'utf8' });
  try {
    const backup = run('scripts/db-backup.ts', path.join(dir, 'backup.db'));
    expect(backup.status, backup.stderr).toBe(0);
    const restore = run('scripts/db-restore.ts', path.join(dir, 'backup.db'));
    expect(restore.status).toBe(1);
    expect(restore.stderr).toMatch(/is open/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
