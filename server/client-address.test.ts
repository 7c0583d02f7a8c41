// The lean server's client address (security.md): a client-chosen X-Forwarded-For never
// resets a per-source limit and never reaches the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { seedDemo } from '@/db/seed/demo';
import { RateLimiter } from '@/lib/rate-limit';
import { createOAuthRateLimits } from '@/server/oauth/rate-limits';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { startTestPartnerServer } from '@/test/partner-server-fixture';

let temp: TempDb;
beforeAll(async () => {
  temp = await createTempDb();
  await seedDemo(temp.db);
});
afterAll(() => temp.cleanup());

const PER_SOURCE_BURST = 5;
const tightLimits = () => ({ ...createOAuthRateLimits(), perIp: new RateLimiter(PER_SOURCE_BURST, 0.0001), perClient: new RateLimiter(1000, 1000) });

async function badTokenRequests(origin: string, forwardedFor: (i: number) => string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${origin}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('demo-kaikei:wrong').toString('base64')}`,
        'X-Forwarded-For': forwardedFor(i),
        'X-Tsunagu-Client-Address': `192.0.2.${i}`,
      },
      body: 'grant_type=refresh_token&refresh_token=x',
    });
    statuses.push(response.status);
  }
  return statuses;
}

async function auditedAddresses(): Promise<(string | null)[]> {
  const rows = await temp.db.select({ ip: auditEvents.ip }).from(auditEvents).where(eq(auditEvents.event, 'client.authentication_failed'));
  return rows.map((row) => row.ip);
}

describe('client address on the lean partner server', () => {
  it('limits per socket address however X-Forwarded-For rotates, and audits only the socket address', async () => {
    const server = await startTestPartnerServer(temp.db, { deps: { limits: tightLimits() } });
    try {
      const statuses = await badTokenRequests(server.origin, (i) => `198.51.100.${i}`, PER_SOURCE_BURST + 3);
      expect(statuses.slice(0, PER_SOURCE_BURST).every((status) => status === 401)).toBe(true);
      expect(statuses.slice(PER_SOURCE_BURST)).toEqual([429, 429, 429]);
      const addresses = await auditedAddresses();
      expect(addresses.length).toBeGreaterThanOrEqual(PER_SOURCE_BURST);
      expect(new Set(addresses)).toEqual(new Set(['127.0.0.1']));
    } finally {
      await server.close();
    }
  });

  it('behind one trusted proxy takes the entry that proxy appended, never the client-chosen ones', async () => {
    const before = (await auditedAddresses()).length;
    const server = await startTestPartnerServer(temp.db, { deps: { limits: tightLimits() }, listener: { trustedProxyHops: 1 } });
    try {
      // The client rotates what it writes; the proxy always appends the real address.
      const statuses = await badTokenRequests(server.origin, (i) => `10.9.9.${i}, 203.0.113.77`, PER_SOURCE_BURST + 2);
      expect(statuses.slice(PER_SOURCE_BURST)).toEqual([429, 429]);
      const addresses = (await auditedAddresses()).slice(before);
      expect(new Set(addresses)).toEqual(new Set(['203.0.113.77']));
    } finally {
      await server.close();
    }
  });
});
