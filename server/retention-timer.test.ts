import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, getDb, openDatabase } from '@/db/client';
import { auditEvents, sessions } from '@/db/schema';
import { createTempDb } from '@/test/temp-db';
import { RefusalSummary } from './refusal-summary';
import { startRetentionTimer } from './retention-timer';
import { createSession } from './sessions';

const temp = createTempDb();
afterAll(() => temp.cleanup());

async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sessionCount = () => temp.db.select().from(sessions).all().length;

describe('retention timer', () => {
  it('logs a purge that fails and purges at a later interval', async () => {
    createSession(temp.db, { type: 'customer', id: 'usr_x' }, new Date(Date.now() - 3_600_000));
    const logged: string[] = [];
    temp.db.$client.pragma('query_only = ON'); // every write now fails
    const timer = startRetentionTimer(temp.db, { purgeIntervalMs: 20, log: (message) => logged.push(message) });
    try {
      await eventually(() => logged.length >= 2);
      expect(logged[0]).toMatch(/purge failed/);
      expect(sessionCount()).toBe(1);
      temp.db.$client.pragma('query_only = OFF');
      await eventually(() => sessionCount() === 0);
    } finally {
      timer.stop();
      temp.db.$client.pragma('query_only = OFF');
    }
  });

  it('writes the rate-limit summaries of ended windows at its summary interval', async () => {
    const refusals = new RefusalSummary({ windowMs: 30 });
    const timer = startRetentionTimer(temp.db, { purgeIntervalMs: 60_000, summaryIntervalMs: 20, refusals });
    try {
      refusals.record('authorize.per_source', { ip: '198.51.100.7' }, new Date());
      await eventually(() => temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'rate_limit.exceeded')).all().length === 1);
    } finally {
      timer.stop();
    }
  });

  it('writes the summaries still open and stops when the process-wide database closes (shutdown)', () => {
    const previous = process.env.DATABASE_PATH;
    process.env.DATABASE_PATH = temp.file.replace(/test\.db$/, 'shutdown.db');
    try {
      const db = getDb();
      const refusals = new RefusalSummary({ windowMs: 60_000 });
      const timer = startRetentionTimer(db, { purgeIntervalMs: 60_000, refusals });
      refusals.record('api.failed_auth', { ip: '198.51.100.9' }, new Date());
      closeDatabase();
      const restarted = startRetentionTimer(db, { purgeIntervalMs: 60_000 }); // the old one was stopped
      restarted.stop();
      expect(restarted).not.toBe(timer);
      const reopened = openDatabase(process.env.DATABASE_PATH);
      const rows = reopened.select().from(auditEvents).where(eq(auditEvents.event, 'rate_limit.exceeded')).all();
      reopened.$client.close();
      expect(rows).toEqual([expect.objectContaining({ ip: '198.51.100.9', detail: expect.objectContaining({ count: 1 }) })]);
    } finally {
      process.env.DATABASE_PATH = previous;
    }
  });

  it('runs once per connection however often it is started', () => {
    const first = startRetentionTimer(temp.db, { purgeIntervalMs: 60_000 });
    expect(startRetentionTimer(temp.db)).toBe(first);
    first.stop();
    const second = startRetentionTimer(temp.db, { purgeIntervalMs: 60_000 });
    expect(second).not.toBe(first);
    second.stop();
  });
});
