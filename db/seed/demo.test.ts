import { DEMO_FAPI_PUBLIC_JWK } from './demo-fapi-key';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { accounts, apiPinRegistrations, partners, transactions, users } from '../schema';
import { DemoDataExistsError, seedDemo, type DemoSeed } from './demo';
import { verifySecret } from '@/server/password-hash';
import { sha256Hex } from '@/lib/crypto';
import { jstDate } from '@/lib/jst';

describe('demo data', () => {
  let temp: TempDb;
  let seed: DemoSeed;
  beforeAll(async () => {
    temp = await createTempDb();
    seed = await seedDemo(temp.db);
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  it('creates the two customers with the documented password', async () => {
    const rows = await temp.db.select().from(users);
    expect(rows.map((u) => u.loginId).sort()).toEqual(['tsunagu01', 'tsunagu02']);
    expect(await verifySecret(rows[0]!.passwordHash, 'Tsunagu#2026')).toBe(true);
  });

  it("registers only 2222222 of tsunagu01's four accounts for API use", async () => {
    const registered = await temp.db
      .select({ number: accounts.number })
      .from(apiPinRegistrations)
      .innerJoin(accounts, eq(accounts.id, apiPinRegistrations.accountId))
      .where(eq(accounts.companyId, seed.companyIds.tsunagu01));
    expect(registered.map((r) => r.number)).toEqual(['2222222']);
  });

  it('keeps the inquiry PIN only as an argon2id hash', async () => {
    const [account] = await temp.db.select().from(accounts).where(eq(accounts.number, '2000002')).limit(1);
    expect(account!.inquiryPinHash.startsWith('$argon2id$')).toBe(true);
    expect(await verifySecret(account!.inquiryPinHash, '1357')).toBe(true);
  });

  it('gives every account at least 13 months of movements whose balances add up', async () => {
    for (const accountId of Object.values(seed.accountIds)) {
      const rows = await temp.db
        .select()
        .from(transactions)
        .where(eq(transactions.accountId, accountId))
        .orderBy(asc(transactions.transactionDate), asc(transactions.id));
      const oldest = new Date();
      oldest.setMonth(oldest.getMonth() - 13);
      expect(rows[0]!.transactionDate <= jstDate(oldest)).toBe(true);
      for (let i = 1; i < rows.length; i++) {
        const row = rows[i]!;
        const delta = row.type === '1' ? row.amount : -row.amount;
        expect(row.balance).toBe(rows[i - 1]!.balance + delta);
        expect(row.remarks).toMatch(/^[\uff61-\uff9f0-9A-Z ()]+$/);
      }
    }
  });

  it('registers demo-kaikei with its documented secret and a customer choice of operations', async () => {
    const partner = (await temp.db.select().from(partners).where(eq(partners.clientId, 'demo-kaikei')).limit(1))[0]!;
    expect(partner.clientSecretHash).toBe(sha256Hex('demo-kaikei-secret'));
    expect(partner.customerChoosesScopes).toBe(true);
    expect(partner.grantPeriodDays).toBe(90);
    expect(Object.keys(seed.partnerIds)).toHaveLength(10);
    expect(partner.securityProfile).toBe('basic');
  });

  it('registers demo-fapi on the fapi2 profile with the public key of demo-data.md and no secret method', async () => {
    const partner = (await temp.db.select().from(partners).where(eq(partners.clientId, 'demo-fapi')).limit(1))[0]!;
    expect(partner.securityProfile).toBe('fapi2');
    expect(partner.tokenEndpointAuthMethods).toEqual(['private_key_jwt']);
    expect(partner.jwks).toEqual({ keys: [DEMO_FAPI_PUBLIC_JWK] });
    expect(partner.jwks!.keys[0]).not.toHaveProperty('d');
    expect(partner.grantPeriodDays).toBe(180);
    expect(partner.customerChoosesScopes).toBe(false);
  });

  it('refuses to run twice on the same database', async () => {
    await expect(seedDemo(temp.db)).rejects.toBeInstanceOf(DemoDataExistsError);
  });
});
