// SIGTERM under load on the real lean server process (operations.md "Shutdown"): no 5xx,
// exit 0 in time, every refresh the server acknowledged durable in the file, WAL folded in.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { tokens } from '@/db/schema';
import { seedDemo } from '@/db/seed/demo';
import { sha256Hex } from '@/lib/crypto';
import { createLinkage } from '@/test/linkage-fixture';
import { startRefreshLoad } from '@/test/refresh-load';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';

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
  let temp: TempDb;
  beforeAll(async () => {
    temp = await createTempDb();
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  it('finishes the refreshes in flight, loses none it acknowledged, answers no 5xx and exits 0', async () => {
    const seed = await seedDemo(temp.db);
    const chains = [];
    for (let i = 0; i < 24; i++) {
      chains.push(
        await createLinkage(temp.db, {
          companyId: seed.companyIds.tsunagu01,
          userId: seed.userIds.tsunagu01,
          partnerId: seed.partnerIds['demo-kaikei']!,
          accountIds: [seed.accountIds['2222222']!],
        }),
      );
    }
    // SQLite: the server alone on the file, so that its checkpoint at close can empty the WAL.
    if (!onPostgres) temp.db.$client.close(); // eslint-disable-line no-restricted-syntax -- see above

    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const unlimited = '1000000000';
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/partner-server.ts'], {
      env: {
        ...process.env,
        ...temp.env,
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
    if (!onPostgres) {
      // The WAL was copied into the database file before the connection closed (checked before this test opens the file again).
      expect(fs.existsSync(`${temp.file}-wal`) ? fs.statSync(`${temp.file}-wal`).size : 0).toBe(0);
    }
    const db = onPostgres ? temp.db : openDatabase(temp.file);
    try {
      const stored = await db.select({ tokenHash: tokens.tokenHash }).from(tokens).where(inArray(tokens.tokenHash, acknowledged.map(sha256Hex)));
      expect(stored.length).toBe(acknowledged.length);
    } finally {
      if (!onPostgres) db.$client.close(); // eslint-disable-line no-restricted-syntax -- the SQLite file's second connection
    }
  }, 60_000);
});
