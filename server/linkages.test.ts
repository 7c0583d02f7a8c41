import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { auditEvents, grantAccounts, grants, tokens } from '@/db/schema';
import { generateOpaqueToken, newId, sha256Hex } from '@/lib/crypto';
import { listCompanyLinkages, stopLinkageByCustomer } from './linkages';

const context = { ip: '198.51.100.7', userAgent: 'vitest' };

describe('customer linkages', () => {
  let temp: TempDb;
  let seed: DemoSeed;
  beforeAll(async () => {
    temp = await createTempDb();
    seed = await seedDemo(temp.db);
  });
  afterAll(() => temp.cleanup());

  async function link(company: 'tsunagu01' | 'tsunagu02', expiresInMs: number) {
    const id = newId('grt');
    const partnerId = seed.partnerIds['demo-feed']!;
    await temp.db.insert(grants).values({ id, companyId: seed.companyIds[company], userId: seed.userIds[company], partnerId, scopes: ['accounts:read'], expiresAt: new Date(Date.now() + expiresInMs) });
    await temp.db.insert(grantAccounts).values({ grantId: id, accountId: seed.accountIds[company === 'tsunagu01' ? '2222222' : '3000001']! });
    await temp.db.insert(tokens).values({ tokenHash: sha256Hex(generateOpaqueToken()), kind: 'access', grantId: id, partnerId, scopes: ['accounts:read'], expiresAt: new Date(Date.now() + 3_600_000) });
    return id;
  }

  it("lists only the company's own linkages with their accounts and status", async () => {
    const active = await link('tsunagu02', 86_400_000);
    const expired = await link('tsunagu02', -1000);
    await link('tsunagu01', 86_400_000);
    const views = await listCompanyLinkages(temp.db, seed.companyIds.tsunagu02);
    expect(views.map((v) => v.id).sort()).toEqual([active, expired].sort());
    expect(views.find((v) => v.id === active)!.status).toBe('active');
    expect(views.find((v) => v.id === expired)!.status).toBe('expired');
    expect(views[0]!.accounts[0]!.number).toBe('3000001');
    expect(views[0]!.partnerServiceName).toBe('デモ明細フィード');
  });

  it('stops an active linkage, ends its tokens and audits it', async () => {
    const id = await link('tsunagu02', 86_400_000);
    const result = await stopLinkageByCustomer(temp.db, { companyId: seed.companyIds.tsunagu02, userId: seed.userIds.tsunagu02, grantId: id }, context);
    expect(result).toBe('stopped');
    expect((await temp.db.select().from(grants).where(eq(grants.id, id)))[0]!.revokedReason).toBe('customer_revoked');
    const ended = await temp.db.select().from(tokens).where(eq(tokens.grantId, id));
    expect(ended).toHaveLength(1);
    expect(ended.every((t) => t.revokedAt)).toBe(true);
    const audit = await temp.db.select().from(auditEvents).where(eq(auditEvents.grantId, id));
    expect(audit.map((a) => [a.event, a.outcome, a.ip])).toEqual([['linkage.stop', 'success', '198.51.100.7']]);
  });

  it("refuses to stop another company's linkage and changes nothing", async () => {
    const id = await link('tsunagu01', 86_400_000);
    const result = await stopLinkageByCustomer(temp.db, { companyId: seed.companyIds.tsunagu02, userId: seed.userIds.tsunagu02, grantId: id }, context);
    expect(result).toBe('not_found');
    expect((await temp.db.select().from(grants).where(eq(grants.id, id)))[0]!.revokedAt).toBeNull();
  });
});
