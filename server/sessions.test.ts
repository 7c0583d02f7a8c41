import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { sessions } from '@/db/schema';
import { config } from '@/lib/config';
import { sha256Hex } from '@/lib/crypto';
import { createTempDb, type TempDb } from '@/test/temp-db';
import { createSession, invalidateSession, validateSessionToken } from './sessions';

describe('sessions', async () => {
  let temp: TempDb;
  let seed: DemoSeed;
  beforeAll(async () => {
    temp = await createTempDb();
    seed = await seedDemo(temp.db);
  });
  afterAll(() => temp.cleanup());

  it('stores only the SHA-256 of the token', async () => {
    const { token, session } = await createSession(temp.db, { type: 'customer', id: seed.userIds.tsunagu01 });
    expect(session.id).toBe(sha256Hex(token));
    expect(await temp.db.select().from(sessions).where(eq(sessions.id, token))).toEqual([]);
    expect((await validateSessionToken(temp.db, token, 'customer'))?.subjectId).toBe(seed.userIds.tsunagu01);
  });

  it('refuses an unknown token', async () => {
    expect(await validateSessionToken(temp.db, 'not-a-session', 'customer')).toBeNull();
  });

  it('opens only pages of its own kind: a journey login is not a linkage-page or console login', async () => {
    const { token } = await createSession(temp.db, { type: 'journey', id: seed.userIds.tsunagu01 });
    expect(await validateSessionToken(temp.db, token, 'customer')).toBeNull();
    expect(await validateSessionToken(temp.db, token, 'staff')).toBeNull();
    expect((await validateSessionToken(temp.db, token, 'journey'))?.subjectId).toBe(seed.userIds.tsunagu01);
  });

  it('extends a session used in the second half of its life, and not before', async () => {
    const start = new Date('2026-11-24T01:00:00Z');
    const { token, session } = await createSession(temp.db, { type: 'staff', id: 'stf_x' }, start);
    const early = new Date(start.getTime() + config.sessionTtlMs / 4);
    expect((await validateSessionToken(temp.db, token, 'staff', early))?.expiresAt.getTime()).toBe(session.expiresAt.getTime());
    const late = new Date(start.getTime() + (config.sessionTtlMs * 3) / 4);
    expect((await validateSessionToken(temp.db, token, 'staff', late))?.expiresAt.getTime()).toBe(late.getTime() + config.sessionTtlMs);
  });

  it('ends a session at its absolute lifetime however busy it is', async () => {
    const start = new Date('2026-11-24T01:00:00Z');
    const { token } = await createSession(temp.db, { type: 'staff', id: 'stf_busy' }, start);
    // Used every 10 minutes: the sliding expiry alone would keep it forever.
    let now = start.getTime();
    while (now + 10 * 60_000 < start.getTime() + config.sessionAbsoluteTtlMs) {
      now += 10 * 60_000;
      const session = await validateSessionToken(temp.db, token, 'staff', new Date(now));
      expect(session).not.toBeNull();
      expect(session!.expiresAt.getTime()).toBeLessThanOrEqual(start.getTime() + config.sessionAbsoluteTtlMs);
    }
    expect(await validateSessionToken(temp.db, token, 'staff', new Date(start.getTime() + config.sessionAbsoluteTtlMs))).toBeNull();
  });

  it('never lets a journey session outlive its authorization request, nor slide', async () => {
    const start = new Date('2026-11-24T01:00:00Z');
    const requestEnds = new Date(start.getTime() + 5 * 60_000);
    const { token, session } = await createSession(temp.db, { type: 'journey', id: seed.userIds.tsunagu01 }, start, { notAfter: requestEnds });
    expect(session.expiresAt.getTime()).toBe(requestEnds.getTime());
    expect((await validateSessionToken(temp.db, token, 'journey', new Date(requestEnds.getTime() - 1000)))?.expiresAt.getTime()).toBe(requestEnds.getTime());
    expect(await validateSessionToken(temp.db, token, 'journey', requestEnds)).toBeNull();
  });

  it('deletes an expired session when it is presented', async () => {
    const start = new Date('2026-11-24T01:00:00Z');
    const { token, session } = await createSession(temp.db, { type: 'customer', id: seed.userIds.tsunagu02 }, start);
    expect(await validateSessionToken(temp.db, token, 'customer', new Date(start.getTime() + config.sessionTtlMs))).toBeNull();
    expect(await temp.db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([]);
  });

  it('ends an invalidated session', async () => {
    const { token, session } = await createSession(temp.db, { type: 'customer', id: seed.userIds.tsunagu01 });
    await invalidateSession(temp.db, session.id);
    expect(await validateSessionToken(temp.db, token, 'customer')).toBeNull();
  });
});
