// The purge's walk in ranges (rowids on SQLite, the primary key on PostgreSQL) on rows
// written straight into the tables: every range boundary, a two-column key (used_jtis), the
// rows that stay, and the sweep of those rows, with nothing else of the app involved.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPinRegistrations, auditEvents, authorizationRequests, grants, sessions, tokens, usedJtis } from '@/db/schema';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { purgeExpired, RETENTION_GRACE_MS } from './retention';

let temp: TempDb;
let seed: DemoSeed;
beforeAll(async () => {
  temp = await createTempDb();
  seed = await seedDemo(temp.db);
});
afterAll(async () => {
  await temp.cleanup();
});

const HOUR = 3_600_000;

describe('purge in ranges', () => {
  it('deletes exactly the expired rows of every range, whatever the range size, and sweeps the rows that stay', async () => {
    const now = new Date();
    const past = new Date(now.getTime() - HOUR);
    const future = new Date(now.getTime() + HOUR);
    const partnerId = seed.partnerIds['demo-kaikei']!;
    const userId = seed.userIds.tsunagu01;
    await temp.db.insert(sessions).values(
      Array.from({ length: 20 }, (_, i) => ({
        id: `s${String(i).padStart(2, '0')}`,
        subjectType: 'customer' as const,
        subjectId: userId,
        expiresAt: i % 4 === 0 ? future : past,
        createdAt: past,
      })),
    );
    // Two-column key: the same jti hash under both kinds.
    await temp.db.insert(usedJtis).values(
      Array.from({ length: 10 }, (_, i) => ({ kind: i % 2 ? ('dpop_proof' as const) : ('client_assertion' as const), jtiHash: `j${i >> 1}`, expiresAt: i < 5 ? past : future })),
    );
    await temp.db.insert(grants).values({ id: 'grant-live', companyId: seed.companyIds.tsunagu01, userId, partnerId, scopes: [], expiresAt: new Date(now.getTime() + 90 * 24 * HOUR) });
    await temp.db.insert(tokens).values(
      Array.from({ length: 9 }, (_, i) => ({
        tokenHash: `t${i}`,
        kind: 'refresh' as const,
        grantId: 'grant-live',
        partnerId,
        scopes: [],
        expiresAt: i < 3 ? past : future,
        retryAnswer: 'sealed',
        retryUntil: i === 5 ? past : future,
      })),
    );
    const old = new Date(now.getTime() - RETENTION_GRACE_MS - HOUR);
    for (const [id, at] of [['request-old', old], ['request-new', now]] as const) {
      await temp.db
        .insert(authorizationRequests)
        .values({ id, partnerId, redirectUri: 'http://localhost:4000/callback', requestedScopes: [], state: 's', codeChallenge: 'c', codeChallengeMethod: 'S256', expiresAt: at, createdAt: at });
    }
    const accountId = seed.accountIds['1111111']!;
    await temp.db.insert(apiPinRegistrations).values([
      { id: 'pin-pending', accountId, userId, requestId: 'request-old', status: 'pending' },
      { id: 'pin-effective', accountId, userId, requestId: 'request-old', status: 'effective' },
    ]);

    const counts = await purgeExpired(temp.db, { now, rangeRows: 3 });

    expect(counts).toMatchObject({ sessions: 15, usedJtis: 5, tokens: 3, authorizationRequests: 1, pendingPinRegistrations: 1 });
    expect((await temp.db.select({ id: sessions.id }).from(sessions)).map((r) => r.id).sort()).toEqual(['s00', 's04', 's08', 's12', 's16']);
    expect(await temp.db.select().from(usedJtis)).toHaveLength(5);
    expect((await temp.db.select({ id: authorizationRequests.id }).from(authorizationRequests)).map((r) => r.id)).toEqual(['request-new']);
    const registrations = await temp.db.select().from(apiPinRegistrations).where(eq(apiPinRegistrations.requestId, 'request-old'));
    expect(registrations.map((r) => r.id)).toEqual(['pin-effective']);
    const left = await temp.db.select({ tokenHash: tokens.tokenHash, retryAnswer: tokens.retryAnswer }).from(tokens);
    expect(left.map((r) => r.tokenHash).sort()).toEqual(['t3', 't4', 't5', 't6', 't7', 't8']);
    expect(left.find((r) => r.tokenHash === 't5')!.retryAnswer).toBeNull(); // its retry window has passed
    expect(left.filter((r) => r.retryAnswer === 'sealed')).toHaveLength(5);
    const audited = await temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'retention.purged'));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.detail).toMatchObject({ sessions: 15, usedJtis: 5, tokens: 3 });
  });
});
