// SIGTERM under load on the real lean server process (operations.md "Shutdown"): no 5xx,
// exit 0 in time, every refresh the server acknowledged durable in the file, WAL folded in.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { tokens } from '@/db/schema';
import { seedDemo } from '@/db/seed/demo';
import { sha256Hex } from '@/lib/crypto';
import { createLinkage } from '@/test/linkage-fixture';
import { startRefreshLoad } from '@/test/refresh-load';
import { createTempDb } from '@/test/temp-db';

const basic = `Basic ${Buffer.from('demo-kaikei:demo-kaikei-secret').toString('base64')}`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForListening(origin: string, deadline = Date.now() + 30_000): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/.well-known/oauth-authorization-server`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not start');
}

describe('graceful shutdown of the lean partner server', () => {
  const temp = createTempDb();
  afterAll(() => temp.cleanup());

  it('finishes the refreshes in flight, loses none it acknowledged, answers no 5xx and exits 0', async () => {
    const seed = await seedDemo(temp.db);
    const chains = Array.from({ length: 24 }, () =>
      createLinkage(temp.db, {
        companyId: seed.companyIds.tsunagu01,
        userId: seed.userIds.tsunagu01,
        partnerId: seed.partnerIds['demo-kaikei']!,
        accountIds: [seed.accountIds['2222222']!],
      }),
    );
    temp.db.$client.close();

    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const unlimited = '1000000000';
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/partner-server.ts'], {
      env: {
        ...process.env,
        DATABASE_PATH: temp.file,
        PARTNER_PORT: String(port),
        TOKEN_RATE_LIMIT_PER_CLIENT_BURST: unlimited,
        TOKEN_RATE_LIMIT_PER_CLIENT: unlimited,
        TOKEN_RATE_LIMIT_PER_IP_BURST: unlimited,
        TOKEN_RATE_LIMIT_PER_IP: unlimited,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
    await waitForListening(origin);

    const load = startRefreshLoad(origin, basic, chains.map((chain) => chain.refreshToken));
    await new Promise((resolve) => setTimeout(resolve, 800));
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await exited;
    await load.stop();
    const { acknowledged, statuses } = load;

    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(10_000);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(chains.length);
    // The WAL was copied into the database file before the connection closed (checked before this test opens the file again).
    expect(fs.existsSync(`${temp.file}-wal`) ? fs.statSync(`${temp.file}-wal`).size : 0).toBe(0);
    const db = openDatabase(temp.file);
    try {
      const stored = db.select({ tokenHash: tokens.tokenHash }).from(tokens).where(inArray(tokens.tokenHash, acknowledged.map(sha256Hex))).all();
      expect(stored.length).toBe(acknowledged.length);
    } finally {
      db.$client.close();
    }
  }, 60_000);
});
