import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTempDb } from '@/test/temp-db';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { auditEvents, grants, tokens } from '@/db/schema';
import { generateOpaqueToken, newId, sha256Hex } from '@/lib/crypto';
import { revokeGrant } from './grants';
import { recordAudit } from './audit';

describe('revokeGrant', () => {
  const temp = createTempDb();
  let seed: DemoSeed;
  beforeAll(async () => {
    seed = await seedDemo(temp.db);
  });
  afterAll(() => temp.cleanup());

  function linkageWithTokens() {
    const grantId = newId('grt');
    const partnerId = seed.partnerIds['demo-feed']!;
    temp.db.insert(grants).values({
      id: grantId,
      companyId: seed.companyIds.tsunagu02,
      userId: seed.userIds.tsunagu02,
      partnerId,
      scopes: ['accounts:read'],
      expiresAt: new Date(Date.now() + 86_400_000),
    }).run();
    for (const kind of ['access', 'refresh'] as const) {
      temp.db.insert(tokens).values({
        tokenHash: sha256Hex(generateOpaqueToken()),
        kind,
        grantId,
        partnerId,
        scopes: ['accounts:read'],
        expiresAt: new Date(Date.now() + 3_600_000),
      }).run();
    }
    return grantId;
  }

  it('ends the linkage and every token issued under it', () => {
    const grantId = linkageWithTokens();
    const other = linkageWithTokens();
    expect(revokeGrant(temp.db, grantId, 'customer_revoked')).toBe(true);
    const grant = temp.db.select().from(grants).where(eq(grants.id, grantId)).get()!;
    expect(grant.revokedReason).toBe('customer_revoked');
    const revoked = temp.db.select().from(tokens).where(eq(tokens.grantId, grantId)).all();
    expect(revoked.every((t) => t.revokedAt !== null)).toBe(true);
    const untouched = temp.db.select().from(tokens).where(eq(tokens.grantId, other)).all();
    expect(untouched.every((t) => t.revokedAt === null)).toBe(true);
  });

  it('reports a linkage that was already revoked and keeps its first reason', () => {
    const grantId = linkageWithTokens();
    revokeGrant(temp.db, grantId, 'partner_revoked');
    expect(revokeGrant(temp.db, grantId, 'staff_revoked')).toBe(false);
    expect(temp.db.select().from(grants).where(eq(grants.id, grantId)).get()!.revokedReason).toBe('partner_revoked');
  });
});

describe('audit trail', () => {
  const temp = createTempDb();
  afterAll(() => temp.cleanup());

  it('records the time in JST with the request context', () => {
    recordAudit(
      temp.db,
      { event: 'test.event', outcome: 'success', actorType: 'system' },
      { ip: '192.0.2.1', userAgent: 'vitest' },
    );
    const row = temp.db.select().from(auditEvents).get()!;
    expect(row.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/);
    expect(row.ip).toBe('192.0.2.1');
  });

  it('refuses to change or delete an entry', () => {
    expect(() => temp.db.update(auditEvents).set({ outcome: 'failure' }).run()).toThrow(/append-only/);
    expect(() => temp.db.delete(auditEvents).run()).toThrow(/append-only/);
    expect(temp.db.select().from(auditEvents).all()).toHaveLength(1);
  });
});
