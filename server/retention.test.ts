import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { onPostgres } from '@/test/temp-db';
import { apiPinRegistrations, auditEvents, authorizationCodes, authorizationRequests, grants, sessions, tokens } from '@/db/schema';
import { newId, sha256Hex } from '@/lib/crypto';
import { startAuthorizationRequest } from '@/test/journey-fixtures';
import { codeRequest, createOAuthBench, formPost, KAIKEI, obtainTokens, type OAuthBench, type TokenBody } from '@/test/oauth-fixtures';
import { RETENTION_GRACE_MS, purgeExpired } from './retention';
import { createSession } from './sessions';
import { writeTransaction } from './write-transaction';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(async () => {
  await bench.cleanup();
});

const HOUR = 60 * 60 * 1000;
const later = (ms: number) => new Date(bench.clock.now.getTime() + ms);
const advance = (ms: number) => (bench.clock.now = later(ms));
const tokenExists = async (token: string) => (await bench.db.select().from(tokens).where(eq(tokens.tokenHash, sha256Hex(token))).limit(1)).length === 1;
const rows = async (table: typeof auditEvents | typeof tokens | typeof authorizationCodes | typeof grants) =>
  (await bench.db.select({ n: count() }).from(table))[0]!.n;
const purgeRows = () => bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'retention.purged'));
const grantOf = async (grantId: string) => (await bench.db.select().from(grants).where(eq(grants.id, grantId)).limit(1))[0];
const refresh = async (refreshToken: string) =>
  bench.token(formPost('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, { basic: KAIKEI }));

describe('purge of expired rows', () => {
  it('drops expired access tokens but keeps a rotated refresh token of a live linkage, so its reuse is still caught', async () => {
    const { issued, tokens: first } = await obtainTokens(bench);
    const second = (await (await refresh(first.refresh_token)).json()) as TokenBody;
    advance(2 * HOUR);

    const counts = await purgeExpired(bench.db, { now: bench.clock.now });
    expect(counts).toMatchObject({ tokens: 2, authorizationCodes: 0 });
    expect(await tokenExists(first.access_token)).toBe(false);
    expect(await tokenExists(second.access_token)).toBe(false);
    expect(await tokenExists(first.refresh_token)).toBe(true);
    expect(await tokenExists(second.refresh_token)).toBe(true);

    const replay = await refresh(first.refresh_token);
    expect(replay.status).toBe(400);
    expect(await grantOf(issued.grantId)).toMatchObject({ revokedReason: 'refresh_token_reuse' });
  });

  it('drops every token and code of an ended linkage, never the linkage itself or an audit row', async () => {
    const { issued, tokens: first } = await obtainTokens(bench);
    const second = await (await refresh(first.refresh_token)).json();
    await refresh(second.refresh_token);
    await refresh(first.refresh_token); // reuse after the successor was used: the linkage is revoked
    const auditBefore = await rows(auditEvents);

    const counts = await purgeExpired(bench.db, { now: bench.clock.now });
    expect(counts).toMatchObject({ tokens: 6, authorizationCodes: 1 });
    expect(await bench.db.select().from(tokens).where(eq(tokens.grantId, issued.grantId))).toEqual([]);
    expect(await bench.db.select().from(authorizationCodes).where(eq(authorizationCodes.grantId, issued.grantId))).toEqual([]);
    expect(await grantOf(issued.grantId)).toBeDefined();
    expect(await rows(auditEvents)).toBe(auditBefore + 1);
  });

  it('drops the tokens of a linkage that expired', async () => {
    const { tokens: first } = await obtainTokens(bench);
    const grantDays = 90;
    const counts = await purgeExpired(bench.db, { now: later(grantDays * 24 * HOUR + 1) });
    expect(counts.tokens).toBe(2);
    expect(await tokenExists(first.refresh_token)).toBe(false);
  });

  it('keeps a used code for a day past its expiry, so that a late replay still revokes the linkage', async () => {
    const { issued } = await obtainTokens(bench);
    advance(RETENTION_GRACE_MS - HOUR);
    await purgeExpired(bench.db, { now: bench.clock.now });
    expect(await rows(authorizationCodes)).toBe(1);
    expect((await bench.token(formPost('/oauth/token', codeRequest(issued)))).status).toBe(400);
    expect(await grantOf(issued.grantId)).toMatchObject({ revokedReason: 'authorization_code_reuse' });
  });

  it('drops a code of a live linkage a day after its expiry', async () => {
    const { issued } = await obtainTokens(bench);
    expect((await purgeExpired(bench.db, { now: later(RETENTION_GRACE_MS + HOUR) })).authorizationCodes).toBe(1);
    expect(await bench.db.select().from(authorizationCodes).where(eq(authorizationCodes.grantId, issued.grantId))).toEqual([]);
    expect((await grantOf(issued.grantId))?.revokedAt).toBeNull();
  });

  it('drops authorization requests a day after expiry with their pending PIN registrations, and keeps effective ones', async () => {
    const partnerId = bench.seed.partnerIds['demo-kaikei']!;
    const old = await startAuthorizationRequest(bench.db, { partnerId, now: new Date(bench.clock.now.getTime() - RETENTION_GRACE_MS - HOUR) });
    const recent = await startAuthorizationRequest(bench.db, { partnerId, now: new Date(bench.clock.now.getTime() - HOUR) });
    const live = await startAuthorizationRequest(bench.db, { partnerId, now: bench.clock.now });
    const registration = (requestId: string, status: 'pending' | 'effective') => ({
      id: newId('pin'),
      accountId: bench.seed.accountIds['1111111']!,
      userId: bench.seed.userIds.tsunagu01,
      requestId,
      status,
    });
    await bench.db
      .insert(apiPinRegistrations)
      .values([registration(old.requestId, 'pending'), registration(old.requestId, 'effective'), registration(recent.requestId, 'pending')]);

    const counts = await purgeExpired(bench.db, { now: bench.clock.now });
    expect(counts).toMatchObject({ authorizationRequests: 1, pendingPinRegistrations: 1 });
    const left = (await bench.db.select({ id: authorizationRequests.id }).from(authorizationRequests)).map((r) => r.id);
    expect(left.sort()).toEqual([recent.requestId, live.requestId].sort());
    const registrations = await bench.db.select().from(apiPinRegistrations);
    expect(registrations.filter((r) => r.requestId === old.requestId).map((r) => r.status)).toEqual(['effective']);
    expect(registrations.filter((r) => r.requestId === recent.requestId)).toHaveLength(1);
  });

  it('stops before its next transaction once told to (shutdown)', async () => {
    await createSession(bench.db, { type: 'customer', id: bench.seed.userIds.tsunagu01 }, new Date(bench.clock.now.getTime() - 2 * HOUR));
    expect(await purgeExpired(bench.db, { now: bench.clock.now, signal: AbortSignal.abort() })).toMatchObject({ sessions: 0 });
    expect(await bench.db.select().from(sessions)).toHaveLength(1);
  });

  it('drops expired sessions and keeps live ones', async () => {
    const subject = { type: 'customer' as const, id: bench.seed.userIds.tsunagu01 };
    const expired = await createSession(bench.db, subject, new Date(bench.clock.now.getTime() - 2 * HOUR));
    const live = await createSession(bench.db, subject, bench.clock.now);
    expect((await purgeExpired(bench.db, { now: bench.clock.now })).sessions).toBe(1);
    const left = await bench.db.select({ id: sessions.id }).from(sessions);
    expect(left).toEqual([{ id: live.session.id }]);
    expect(left).not.toContainEqual({ id: expired.session.id });
  });

  it('audits each purge with one summary row of counts, and writes nothing when nothing expired', async () => {
    await obtainTokens(bench);
    expect(await purgeExpired(bench.db, { now: bench.clock.now })).toMatchObject({ tokens: 0, sessions: 0 });
    expect(await purgeRows()).toEqual([]);
    await purgeExpired(bench.db, { now: later(2 * HOUR) });
    const [row, ...more] = await purgeRows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ outcome: 'success', actorType: 'system', detail: { tokens: 1, sessions: 0, authorizationCodes: 0 } });
  });

  // SQLite's one write lock, taken by a second connection to the same file.
  it.skipIf(onPostgres)('works through a large purge in short transactions, leaving the write lock to another connection in between', async () => {
    const subject = { type: 'customer' as const, id: bench.seed.userIds.tsunagu01 };
    const past = new Date(bench.clock.now.getTime() - 2 * HOUR);
    await writeTransaction(bench.db, async (tx) => {
      for (let i = 0; i < 300; i++) await createSession(tx, subject, past);
    });
    const other = openDatabase(bench.file);
    other.$client.pragma('busy_timeout = 0'); // eslint-disable-line no-restricted-syntax -- SQLite: fail at once rather than wait for the lock
    let writesBetween = 0;
    let purging = true;
    const writeMeanwhile = async () => {
      if (!purging) return;
      await other.insert(auditEvents).values({ occurredAt: 'x', event: 'test.between', outcome: 'success', actorType: 'system' });
      writesBetween += 1;
      setImmediate(() => void writeMeanwhile());
    };
    setImmediate(() => void writeMeanwhile());
    const counts = await purgeExpired(bench.db, { now: bench.clock.now, rangeRows: 25 });
    purging = false;
    other.$client.close(); // eslint-disable-line no-restricted-syntax -- the second SQLite connection's own
    expect(counts.sessions).toBe(300);
    expect(writesBetween).toBeGreaterThanOrEqual(300 / 25);
  });
});
