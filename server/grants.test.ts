import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { auditEvents, grants, tokens } from '@/db/schema';
import { generateOpaqueToken, newId, sha256Hex } from '@/lib/crypto';
import { revokeGrant } from './grants';
import { recordAudit } from './audit';

describe('revokeGrant', () => {
  let temp: TempDb;
  let seed: DemoSeed;
  beforeAll(async () => {
    temp = await createTempDb();
    seed = await seedDemo(temp.db);
  });
  afterAll(() => temp.cleanup());

  async function linkageWithTokens() {
    const grantId = newId('grt');
    const partnerId = seed.partnerIds['demo-feed']!;
    await temp.db.insert(grants).values({
      id: grantId,
      companyId: seed.companyIds.tsunagu02,
      userId: seed.userIds.tsunagu02,
      partnerId,
      scopes: ['accounts:read'],
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    for (const kind of ['access', 'refresh'] as const) {
      await temp.db.insert(tokens).values({
        tokenHash: sha256Hex(generateOpaqueToken()),
        kind,
        grantId,
        partnerId,
        scopes: ['accounts:read'],
        expiresAt: new Date(Date.now() + 3_600_000),
      });
    }
    return grantId;
  }

  it('ends the linkage and every token issued under it', async () => {
    const grantId = await linkageWithTokens();
    const other = await linkageWithTokens();
    expect(await revokeGrant(temp.db, grantId, 'customer_revoked')).toBe(true);
    const [grant] = await temp.db.select().from(grants).where(eq(grants.id, grantId));
    expect(grant!.revokedReason).toBe('customer_revoked');
    const revoked = await temp.db.select().from(tokens).where(eq(tokens.grantId, grantId));
    expect(revoked).toHaveLength(2);
    expect(revoked.every((t) => t.revokedAt !== null)).toBe(true);
    const untouched = await temp.db.select().from(tokens).where(eq(tokens.grantId, other));
    expect(untouched).toHaveLength(2);
    expect(untouched.every((t) => t.revokedAt === null)).toBe(true);
  });

  it('reports a linkage that was already revoked and keeps its first reason', async () => {
    const grantId = await linkageWithTokens();
    await revokeGrant(temp.db, grantId, 'partner_revoked');
    expect(await revokeGrant(temp.db, grantId, 'staff_revoked')).toBe(false);
    expect((await temp.db.select().from(grants).where(eq(grants.id, grantId)))[0]!.revokedReason).toBe('partner_revoked');
  });
});

describe('audit trail', () => {
  let temp: TempDb;
  beforeAll(async () => {
    temp = await createTempDb();
  });
  afterAll(() => temp.cleanup());

  it('records the time in JST with the request context', async () => {
    await recordAudit(
      temp.db,
      { event: 'test.event', outcome: 'success', actorType: 'system' },
      { ip: '192.0.2.1', userAgent: 'vitest' },
    );
    const [row] = await temp.db.select().from(auditEvents);
    expect(row!.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/);
    expect(row!.ip).toBe('192.0.2.1');
  });

  it('refuses to change or delete an entry', async () => {
    // PostgreSQL's message arrives as the cause of drizzle's "Failed query" error.
    const reason = (error: unknown) => `${(error as Error).message} ${((error as Error).cause as Error | undefined)?.message ?? ''}`;
    expect(reason(await temp.db.update(auditEvents).set({ outcome: 'failure' }).then(() => null, (error: unknown) => error))).toMatch(/append-only/);
    expect(reason(await temp.db.delete(auditEvents).then(() => null, (error: unknown) => error))).toMatch(/append-only/);
    expect(await temp.db.select().from(auditEvents)).toHaveLength(1);
  });
});
