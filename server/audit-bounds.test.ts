import { afterAll, describe, expect, it } from 'vitest';
import { desc } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { createTempDb } from '@/test/temp-db';
import { AUDIT_LIMITS, recordAudit, recordAuditFast } from './audit';

const temp = await createTempDb();
afterAll(() => temp.cleanup());
const latest = async () => (await temp.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1))[0]!;

const oversized = {
  event: `e.${'v'.repeat(500)}`,
  outcome: 'failure' as const,
  actorType: 'anonymous' as const,
  actorId: 'a'.repeat(10_000),
  accountId: 'c'.repeat(10_000),
  detail: { description: 'd'.repeat(5000) },
};
const hugeContext = { ip: `2001:db8::${'f'.repeat(300)}`, userAgent: 'Mozilla/5.0 '.repeat(10_000) };

describe('audit rows have bounded free-text columns', () => {
  for (const [name, write] of [
    ['recordAudit', recordAudit],
    ['recordAuditFast', recordAuditFast],
  ] as const) {
    it(`${name} cuts event, ids, ip and user agent, and replaces an oversized detail by a marker`, async () => {
      await write(temp.db, oversized, hugeContext);
      const row = await latest();
      expect(row.event).toHaveLength(AUDIT_LIMITS.event);
      expect(row.actorId).toHaveLength(AUDIT_LIMITS.id);
      expect(row.accountId).toHaveLength(AUDIT_LIMITS.id);
      expect(row.ip).toHaveLength(AUDIT_LIMITS.ip);
      expect(row.userAgent).toHaveLength(AUDIT_LIMITS.userAgent);
      expect(row.detail).toEqual({ truncated: true, bytes: JSON.stringify(oversized.detail).length });
    });
  }

  it('keeps a detail up to the limit as it is, counting UTF-8 bytes', async () => {
    const fits = { note: 'あ'.repeat(600) }; // 1,800 bytes of text
    await recordAudit(temp.db, { ...oversized, detail: fits });
    expect((await latest()).detail).toEqual(fits);
    const over = { note: 'あ'.repeat(700) }; // 700 characters, 2,100 bytes
    await recordAudit(temp.db, { ...oversized, detail: over });
    expect((await latest()).detail).toMatchObject({ truncated: true });
  });

  it('leaves ordinary rows untouched', async () => {
    await recordAudit(temp.db, { event: 'customer.login', outcome: 'success', actorType: 'customer', actorId: 'usr_1', detail: { via: 'journey' } }, { ip: '203.0.113.9', userAgent: 'vitest' });
    expect(await latest()).toMatchObject({ event: 'customer.login', actorId: 'usr_1', ip: '203.0.113.9', userAgent: 'vitest', detail: { via: 'journey' } });
  });
});
