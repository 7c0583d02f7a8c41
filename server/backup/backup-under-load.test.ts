// npm run db:backup against the real lean server while partners keep rotating refresh
// tokens: whatever a partner was told before the backup began must be in the backup.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import { seedDemo } from '@/db/seed/demo';
import { sha256Hex } from '@/lib/crypto';
import { createLinkage } from '@/test/linkage-fixture';
import { runScript, startPartnerServerProcess, type ServerProcess } from '@/test/server-process';
import { onPostgres } from '@/test/temp-db';
import { restoreDatabase } from './restore';

// Real server and script processes start slowly on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const CHAINS = 6;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-backup-load-'));
const file = path.join(dir, 'tsunagu.db');
const unlimited = '1000000000';
let server: ServerProcess;
let firstTokens: string[];

// SQLite files only: PostgreSQL is backed up with pg_dump (operations.md).
beforeAll(async () => {
  if (onPostgres) return;
  const db = openDatabase(file);
  const seed = await seedDemo(db);
  firstTokens = [];
  for (let i = 0; i < CHAINS; i++) {
    const linkage = await createLinkage(db, {
      companyId: seed.companyIds.tsunagu01,
      userId: seed.userIds.tsunagu01,
      partnerId: seed.partnerIds['demo-kaikei']!,
      accountIds: [seed.accountIds['2222222']!],
    });
    firstTokens.push(linkage.refreshToken);
  }
  db.$client.close();
  server = await startPartnerServerProcess(file, {
    env: { TOKEN_RATE_LIMIT_PER_CLIENT_BURST: unlimited, TOKEN_RATE_LIMIT_PER_CLIENT: unlimited, TOKEN_RATE_LIMIT_PER_IP_BURST: unlimited, TOKEN_RATE_LIMIT_PER_IP: unlimited },
  });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Acknowledged {
  chain: number;
  hash: string;
  at: number;
}

const basic = `Basic ${Buffer.from('demo-kaikei:demo-kaikei-secret').toString('base64')}`;

async function rotate(refreshToken: string): Promise<string> {
  const response = await fetch(`${server.origin}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });
  if (response.status !== 200) throw new Error(`refresh answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { refresh_token: string }).refresh_token;
}

it.skipIf(onPostgres)('a backup taken under load holds every refresh token acknowledged before it began, as one consistent moment', async () => {
  const acknowledged: Acknowledged[] = [];
  let running = true;
  const load = Promise.all(
    firstTokens.map(async (first, chain) => {
      let token = first;
      while (running) {
        token = await rotate(token);
        acknowledged.push({ chain, hash: sha256Hex(token), at: Date.now() });
      }
    }),
  );
  load.catch(() => undefined); // awaited below; a failed refresh fails the test there

  // Counted, not timed: the machine may be busy with other work.
  const warmedUp = Date.now() + 30_000;
  while (acknowledged.length < CHAINS * 10 && Date.now() < warmedUp) await new Promise((resolve) => setTimeout(resolve, 20));
  const backupFile = path.join(dir, 'backup.db');
  const backupStarted = Date.now();
  const backup = await runScript('scripts/db-backup.ts', [backupFile], { env: { DATABASE_PATH: file } });
  const backupEnded = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 200));
  running = false;
  await load;

  expect(backup.code, backup.stderr).toBe(0);
  const before = acknowledged.filter((ack) => ack.at < backupStarted);
  expect(before.length).toBeGreaterThanOrEqual(CHAINS * 10);
  // The servers really kept answering while the backup ran.
  expect(acknowledged.filter((ack) => ack.at > backupStarted && ack.at < backupEnded).length).toBeGreaterThan(0);

  const restoredFile = path.join(dir, 'restored.db');
  restoreDatabase(backupFile, restoredFile);
  const restored = new Database(restoredFile, { readonly: true });
  const has = restored.prepare("SELECT 1 FROM tokens WHERE token_hash = ? AND kind = 'refresh'");
  expect(before.filter((ack) => !has.get(ack.hash))).toEqual([]);
  // One moment, not pages of several: in each chain, what the backup holds is a prefix,
  // and exactly one refresh token is still unrotated (rotation and issue commit together).
  for (let chain = 0; chain < CHAINS; chain++) {
    const present = acknowledged.filter((ack) => ack.chain === chain).map((ack) => Boolean(has.get(ack.hash)));
    expect(present.indexOf(false) === -1 || !present.slice(present.indexOf(false)).includes(true)).toBe(true);
  }
  const live = restored
    .prepare("SELECT grant_id, count(*) AS n FROM tokens WHERE kind = 'refresh' AND rotated_at IS NULL AND revoked_at IS NULL GROUP BY grant_id")
    .all() as { n: number }[];
  expect(live.map((row) => row.n)).toEqual(Array(CHAINS).fill(1));
  restored.close();
});
