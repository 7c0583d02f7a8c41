import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, type SQL } from 'drizzle-orm';
import { seedDemo } from '@/db/seed/demo';
import { DEMO_FAPI_PRIVATE_JWK, DEMO_FAPI_PUBLIC_JWK } from '@/db/seed/demo-fapi-key';
import { auditEvents, partnerChangeRequests, partners, staff } from '@/db/schema';
import { registrationSchema } from '@/lib/admin/partner-schemas';
import { sha256Hex } from '@/lib/crypto';
import { authenticateClient } from '@/lib/oauth/client-auth';
import { secondConnection } from '@/test/oauth-fixtures';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { writeTransaction } from '../write-transaction';
import { createClientStore } from '../oauth/client-store';
import { StaffForbiddenError, setPartnerStatus } from './console';
import { approveChange, claimDecision, listPendingChanges, proposeRegistration, proposeReactivation, proposeSecretRotation, proposeSecurityChange, rejectChange } from './partner-changes';
import { updatePartnerDetails } from './partner-details';
import { RegistryRefusal } from './registry-refusal';

const context = { ip: '203.0.113.7', userAgent: 'vitest' };
const dev = { allowLocalhostHttp: true };
const production = { allowLocalhostHttp: false };
const DAY = 86_400_000;

const form = (overrides: Record<string, unknown> = {}) =>
  registrationSchema(dev).parse({
    companyName: '株式会社みらい会計',
    serviceName: 'みらいクラウド会計',
    websiteUrl: 'https://www.mirai-kaikei.example/',
    registrationNumber: '関東財務局長（電代）第99号',
    grantPeriodDays: '120',
    listedSince: '',
    redirectUris: 'https://app.mirai-kaikei.example/callback',
    scopes: ['accounts:read', 'balances:read'],
    securityProfile: 'basic',
    jwks: '',
    ...overrides,
  });


describe('the partner registry under the two-person rule', () => {
  let temp: TempDb;
  type Actor = { id: string; role: 'admin' | 'auditor' };
  let admin: Actor, admin2: Actor, auditor: Actor;
  const authenticates = async (clientId: string, secret: string, now = new Date()) => {
    try {
      const checks = { issuer: 'http://localhost:3000', now, claimJti: () => true };
      await authenticateClient(createClientStore(temp.db), { method: 'client_secret_basic', clientId, secret }, checks);
      return true;
    } catch {
      return false;
    }
  };
  const register = async () => {
    const { changeId, clientId } = await proposeRegistration(temp.db, admin, form(), context, dev);
    const result = await approveChange(temp.db, admin2, changeId, context);
    if (!result.ok) throw new Error(result.code);
    return { changeId, clientId, partnerId: result.applied.partnerId!, secret: result.applied.secret! };
  };
  const partnerRow = async (where: SQL) => (await temp.db.select().from(partners).where(where).limit(1))[0];
  const changeRow = async (id: string) => (await temp.db.select().from(partnerChangeRequests).where(eq(partnerChangeRequests.id, id)).limit(1))[0]!;
  const lastAudit = async (event: string) => (await temp.db.select().from(auditEvents).where(eq(auditEvents.event, event)).orderBy(auditEvents.id)).at(-1)!;
  beforeAll(async () => {
    temp = await createTempDb();
    await seedDemo(temp.db);
    const find = async (loginId: string) => (await temp.db.select({ id: staff.id, role: staff.role }).from(staff).where(eq(staff.loginId, loginId)).limit(1))[0]!;
    [admin, admin2, auditor] = [await find('admin'), await find('admin2'), await find('auditor')];
  });
  afterAll(() => temp.cleanup());

  it('registers nothing until a second administrator approves, then shows a 256-bit secret once and keeps only its hash', async () => {
    const { changeId, clientId } = await proposeRegistration(temp.db, admin, form(), context, dev);
    expect(clientId).toMatch(/^mirai-kaikei-[a-z2-7]{8}$/);
    expect(await partnerRow(eq(partners.clientId, clientId))).toBeUndefined();
    expect((await listPendingChanges(temp.db)).map((change) => [change.id, change.kind, change.proposerName])).toContainEqual([changeId, 'register', expect.any(String)]);

    const result = await approveChange(temp.db, admin2, changeId, context);
    expect(result.ok).toBe(true);
    const { secret, partnerId } = (result as Extract<typeof result, { ok: true }>).applied;
    expect(Buffer.from(secret!, 'base64url')).toHaveLength(32);
    const row = (await partnerRow(eq(partners.id, partnerId!)))!;
    expect([row.clientSecretHash, row.registrationNumber, row.grantPeriodDays, row.tokenEndpointAuthMethods]).toEqual([sha256Hex(secret!), '関東財務局長（電代）第99号', 120, ['client_secret_basic', 'client_secret_post']]);
    expect(await authenticates(clientId, secret!)).toBe(true);
    expect((await listPendingChanges(temp.db)).map((change) => change.id)).not.toContain(changeId);

    const approval = await lastAudit('admin.partner_change_approved');
    expect([approval.actorId, approval.detail?.proposedBy, approval.detail?.decidedBy, approval.partnerId]).toEqual([admin2.id, admin.id, admin2.id, partnerId]);
  });

  // Reads the SQLite file and its WAL byte for byte; PostgreSQL keeps no such file to read.
  it.skipIf(onPostgres)('leaves no plain secret anywhere in the database file (WAL included), only its hash', async () => {
    const { secret } = await register();
    temp.db.$client.pragma('wal_checkpoint(TRUNCATE)'); // eslint-disable-line no-restricted-syntax -- the SQLite file itself is under test
    const bytes = Buffer.concat([fs.readFileSync(temp.file), ...(fs.existsSync(`${temp.file}-wal`) ? [fs.readFileSync(`${temp.file}-wal`)] : [])]);
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(bytes.includes(Buffer.from(sha256Hex(secret)))).toBe(true);
  });

  it('refuses the proposer approving or rejecting their own change, and decides a change only once', async () => {
    const { changeId } = await proposeRegistration(temp.db, admin, form({ companyName: '自己承認テスト株式会社' }), context, dev);
    expect(await approveChange(temp.db, admin, changeId, context)).toEqual({ ok: false, code: 'selfDecision' });
    expect(await rejectChange(temp.db, admin, changeId, context)).toEqual({ ok: false, code: 'selfDecision' });
    expect((await lastAudit('admin.partner_change_refused')).detail).toMatchObject({ changeId, reason: 'selfDecision' });

    // A second connection stands in for another server process approving at the same moment.
    const other = secondConnection(temp);
    try {
      expect((await approveChange(temp.db, admin2, changeId, context)).ok).toBe(true);
      expect(await approveChange(other.db, admin2, changeId, context)).toEqual({ ok: false, code: 'alreadyDecided' });
      expect(await rejectChange(other.db, admin2, changeId, context)).toEqual({ ok: false, code: 'alreadyDecided' });
    } finally {
      await other.close();
    }
    expect(await temp.db.select().from(partners).where(eq(partners.companyName, '自己承認テスト株式会社'))).toHaveLength(1);
  });

  // PostgreSQL only: two SQLite connections in one process cannot overlap (the second's busy
  // wait blocks the event loop the first needs to finish); the test above decides in turn.
  it.runIf(onPostgres)('approves a change once when two processes approve it at the same moment', async () => {
    const { changeId } = await proposeRegistration(temp.db, admin, form({ companyName: '同時承認テスト株式会社' }), context, dev);
    const other = secondConnection(temp);
    try {
      const results = await Promise.all([approveChange(temp.db, admin2, changeId, context), approveChange(other.db, admin2, changeId, context)]);
      expect(results.map((result) => result.ok).sort()).toEqual([false, true]);
    } finally {
      await other.close();
    }
    expect(await temp.db.select().from(partners).where(eq(partners.companyName, '同時承認テスト株式会社'))).toHaveLength(1);
  });

  it('lets exactly one conditional claim win, and never the proposer', async () => {
    const { changeId } = await proposeRegistration(temp.db, admin, form({ companyName: '競合テスト株式会社' }), context, dev);
    const claims = await writeTransaction(temp.db, async (tx) => [
      await claimDecision(tx, changeId, admin, 'approved', new Date()),
      await claimDecision(tx, changeId, admin2, 'approved', new Date()),
      await claimDecision(tx, changeId, admin2, 'approved', new Date()),
    ]);
    expect(claims).toEqual([false, true, false]);
    expect((await changeRow(changeId)).decidedBy).toBe(admin2.id);
  });

  it('rejects a change without applying it', async () => {
    const { changeId, clientId } = await proposeRegistration(temp.db, admin, form({ companyName: '却下テスト株式会社' }), context, dev);
    expect((await rejectChange(temp.db, admin2, changeId, context)).ok).toBe(true);
    expect(await partnerRow(eq(partners.clientId, clientId))).toBeUndefined();
    expect((await changeRow(changeId)).outcome).toBe('rejected');
  });

  it('keeps the old secret working during the overlap only, and the new one from approval on', async () => {
    const { clientId, partnerId, secret: oldSecret } = await register();
    const now = new Date();
    const changeId = await proposeSecretRotation(temp.db, admin, partnerId, 7, context, now);
    await expect(proposeSecretRotation(temp.db, admin2, partnerId, 3, context)).rejects.toThrow(new RegistryRefusal('pendingExists'));
    expect(await authenticates(clientId, oldSecret)).toBe(true);
    const result = await approveChange(temp.db, admin2, changeId, context, now);
    const newSecret = (result as Extract<typeof result, { ok: true }>).applied.secret!;
    expect(newSecret).not.toBe(oldSecret);

    expect(await authenticates(clientId, newSecret, new Date(now.getTime() + DAY))).toBe(true);
    expect(await authenticates(clientId, oldSecret, new Date(now.getTime() + 6 * DAY))).toBe(true);
    expect(await authenticates(clientId, oldSecret, new Date(now.getTime() + 7 * DAY + 1000))).toBe(false);
    expect(await authenticates(clientId, newSecret, new Date(now.getTime() + 30 * DAY))).toBe(true);
    expect(await authenticates(clientId, 'tsunagu:unknown-client', now)).toBe(false);
  });

  it('ends the old secret at once with an overlap of zero days', async () => {
    const { clientId, partnerId, secret: oldSecret } = await register();
    const result = await approveChange(temp.db, admin2, await proposeSecretRotation(temp.db, admin, partnerId, 0, context), context);
    expect(await authenticates(clientId, oldSecret)).toBe(false);
    expect(await authenticates(clientId, (result as Extract<typeof result, { ok: true }>).applied.secret!)).toBe(true);
  });

  it('changes redirect URIs, scopes and the profile only on approval; fapi2 leaves no usable secret', async () => {
    const { clientId, partnerId, secret } = await register();
    const changeId = await proposeSecurityChange(
      temp.db,
      admin,
      { partnerId, redirectUris: ['https://app.mirai-kaikei.example/v2/callback'], scopes: ['accounts:read'], securityProfile: 'fapi2', jwks: JSON.stringify({ keys: [DEMO_FAPI_PUBLIC_JWK] }) },
      context,
      production,
    );
    expect((await partnerRow(eq(partners.id, partnerId)))!.securityProfile).toBe('basic');
    expect((await approveChange(temp.db, admin2, changeId, context)).ok).toBe(true);
    const row = (await partnerRow(eq(partners.id, partnerId)))!;
    expect([row.securityProfile, row.redirectUris, row.scopes, row.tokenEndpointAuthMethods, row.jwks]).toEqual(['fapi2', ['https://app.mirai-kaikei.example/v2/callback'], ['accounts:read'], ['private_key_jwt'], { keys: [DEMO_FAPI_PUBLIC_JWK] }]);
    expect(await authenticates(clientId, secret)).toBe(false);
    const audit = await lastAudit('admin.partner_change_approved');
    expect(audit.detail).toMatchObject({ before: { securityProfile: 'basic' }, after: { securityProfile: 'fapi2', jwksKids: ['demo-fapi-2026'] } });
  });

  it('refuses at proposal a JWK Set with a private key, and http://localhost in production', async () => {
    await expect(proposeRegistration(temp.db, admin, form({ securityProfile: 'fapi2', jwks: JSON.stringify({ keys: [DEMO_FAPI_PRIVATE_JWK] }) }), context, dev)).rejects.toThrow(new RegistryRefusal('jwksPrivate'));
    await expect(proposeRegistration(temp.db, admin, form({ redirectUris: 'http://localhost:4000/callback' }), context, production)).rejects.toThrow(new RegistryRefusal('redirectUriHttps'));
    expect((await proposeRegistration(temp.db, admin, form({ redirectUris: 'http://localhost:4000/callback' }), context, dev)).clientId).toBeTruthy();
  });

  it('suspends at once but reactivates only with a second administrator', async () => {
    const { clientId, partnerId, secret } = await register();
    expect(await setPartnerStatus(temp.db, admin, partnerId, 'suspended', context)).toBe(true);
    expect(await authenticates(clientId, secret)).toBe(false);
    const changeId = await proposeReactivation(temp.db, admin, partnerId, context);
    expect(await authenticates(clientId, secret)).toBe(false);
    expect(await approveChange(temp.db, admin, changeId, context)).toEqual({ ok: false, code: 'selfDecision' });
    expect((await approveChange(temp.db, admin2, changeId, context)).ok).toBe(true);
    expect(await authenticates(clientId, secret)).toBe(true);
  });

  it('applies plain detail edits at once with before and after in the audit trail', async () => {
    const { partnerId } = await register();
    const details = { partnerId, companyName: '株式会社みらい会計HD', serviceName: 'みらいクラウド会計', websiteUrl: 'https://www.mirai-kaikei.example/', registrationNumber: null, grantPeriodDays: 60, listedSince: '2026-04-01' };
    expect(await updatePartnerDetails(temp.db, admin, details, context)).toBe(true);
    expect(await updatePartnerDetails(temp.db, admin, details, context)).toBe(false);
    const row = (await partnerRow(eq(partners.id, partnerId)))!;
    expect([row.companyName, row.registrationNumber, row.grantPeriodDays, row.listedSince]).toEqual(['株式会社みらい会計HD', null, 60, '2026-04-01']);
    const [audit] = await temp.db.select().from(auditEvents).where(and(eq(auditEvents.event, 'admin.partner_details_changed'), eq(auditEvents.partnerId, partnerId)));
    expect(audit!.detail).toEqual({ before: { companyName: '株式会社みらい会計', registrationNumber: '関東財務局長（電代）第99号', grantPeriodDays: 120, listedSince: null }, after: { companyName: '株式会社みらい会計HD', registrationNumber: null, grantPeriodDays: 60, listedSince: '2026-04-01' } });
  });

  it('refuses an auditor every registry change, on the server', async () => {
    const { partnerId } = await register();
    const { changeId } = await proposeRegistration(temp.db, admin, form({ companyName: '監査テスト株式会社' }), context, dev);
    await expect(proposeRegistration(temp.db, auditor, form(), context, dev)).rejects.toThrow(StaffForbiddenError);
    await expect(proposeSecurityChange(temp.db, auditor, { partnerId, redirectUris: ['https://a.example/cb'], scopes: ['accounts:read'], securityProfile: 'basic' }, context, dev)).rejects.toThrow(StaffForbiddenError);
    await expect(proposeSecretRotation(temp.db, auditor, partnerId, 7, context)).rejects.toThrow(StaffForbiddenError);
    await expect(proposeReactivation(temp.db, auditor, partnerId, context)).rejects.toThrow(StaffForbiddenError);
    await expect(approveChange(temp.db, auditor, changeId, context)).rejects.toThrow(StaffForbiddenError);
    await expect(rejectChange(temp.db, auditor, changeId, context)).rejects.toThrow(StaffForbiddenError);
    await expect(setPartnerStatus(temp.db, auditor, partnerId, 'suspended', context)).rejects.toThrow(StaffForbiddenError);
    await expect(updatePartnerDetails(temp.db, auditor, { partnerId, companyName: 'x', serviceName: 'y', websiteUrl: 'https://x.example/', registrationNumber: null, grantPeriodDays: 1, listedSince: null }, context)).rejects.toThrow(StaffForbiddenError);
    expect((await changeRow(changeId)).decidedAt).toBeNull();
  });
});
