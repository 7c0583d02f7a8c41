import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { sessions } from '@/db/schema';
import { config } from '@/lib/config';
import { sha256Hex } from '@/lib/crypto';
import { createTempDb } from '@/test/temp-db';
import { createSession, invalidateSession, validateSessionToken } from './sessions';

describe('sessions', () => {
  const temp = createTempDb();
  let seed: DemoSeed;
  beforeAll(async () => {
    seed = await seedDemo(temp.db);
  });
  afterAll(() => temp.cleanup());

  it('stores only the SHA-256 of the token', () => {
    const { token, session } = createSession(temp.db, { type: 'customer', id: seed.userIds.tsunagu01 });
    expect(session.id).toBe(sha256Hex(token));
    expect(temp.db.select().from(sessions).where(eq(sessions.id, token)).get()).toBeUndefined();
    expect(validateSessionToken(temp.db, token)?.subjectId).toBe(seed.userIds.tsunagu01);
  });

  it('refuses an unknown token', () => {
    expect(validateSessionToken(temp.db, 'not-a-session')).toBeNull();
  });

  it('extends a session used in the second half of its life, and not before', () => {
    const start = new Date('2026-11-24T01:00:00Z');
    const { token, session } = createSession(temp.db, { type: 'staff', id: 'stf_x' }, start);
    const early = new Date(start.getTime() + config.sessionTtlMs / 4);
    expect(validateSessionToken(temp.db, token, early)?.expiresAt.getTime()).toBe(session.expiresAt.getTime());
    const late = new Date(start.getTime() + (config.sessionTtlMs * 3) / 4);
    expect(validateSessionToken(temp.db, token, late)?.expiresAt.getTime()).toBe(late.getTime() + config.sessionTtlMs);
  });

  it('deletes an expired session when it is presented', () => {
    const start = new Date('2026-11-24T01:00:00Z');
    const { token, session } = createSession(temp.db, { type: 'customer', id: seed.userIds.tsunagu02 }, start);
    expect(validateSessionToken(temp.db, token, new Date(start.getTime() + config.sessionTtlMs))).toBeNull();
    expect(temp.db.select().from(sessions).where(eq(sessions.id, session.id)).get()).toBeUndefined();
  });

  it('ends an invalidated session', () => {
    const { token, session } = createSession(temp.db, { type: 'customer', id: seed.userIds.tsunagu01 });
    invalidateSession(temp.db, session.id);
    expect(validateSessionToken(temp.db, token)).toBeNull();
  });
});
