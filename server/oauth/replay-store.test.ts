import { afterAll, describe, expect, it } from 'vitest';
import { usedJtis } from '@/db/schema';
import { secondConnection } from '@/test/oauth-fixtures';
import { createTempDb } from '@/test/temp-db';
import { purgeExpired } from '../retention';
import { claimJtiOnce } from './replay-store';

const temp = await createTempDb();
afterAll(() => temp.cleanup());
const now = new Date('2026-12-01T00:00:00Z');
const inAMinute = new Date(now.getTime() + 60_000);

describe('claimJtiOnce', () => {
  it('accepts a jti once per issuer and kind, also through another connection', async () => {
    expect(await claimJtiOnce(temp.db, 'client_assertion', 'demo-fapi', 'jti-1', inAMinute)).toBe(true);
    expect(await claimJtiOnce(temp.db, 'client_assertion', 'demo-fapi', 'jti-1', inAMinute)).toBe(false);
    const other = secondConnection(temp);
    try {
      expect(await claimJtiOnce(other.db, 'client_assertion', 'demo-fapi', 'jti-1', inAMinute)).toBe(false);
    } finally {
      await other.close();
    }
    expect(await claimJtiOnce(temp.db, 'client_assertion', 'another-client', 'jti-1', inAMinute)).toBe(true);
    expect(await claimJtiOnce(temp.db, 'dpop_proof', 'demo-fapi', 'jti-1', inAMinute)).toBe(true);
  });

  it('keeps no jti in the clear, and the purge drops ids whose JWT has expired', async () => {
    const stored = await temp.db.select().from(usedJtis);
    expect(stored.map((row) => row.jtiHash).join()).not.toContain('jti-1');
    const counts = await purgeExpired(temp.db, { now: new Date(inAMinute.getTime() + 1) });
    expect(counts.usedJtis).toBe(stored.length);
    expect(await temp.db.select().from(usedJtis)).toHaveLength(0);
  });
});
