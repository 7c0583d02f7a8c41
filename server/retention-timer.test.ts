import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, getDb, openDatabase } from '@/db/client';
import { runSql } from '@/db/prepared';
import { auditEvents, sessions } from '@/db/schema';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { closeStore } from './graceful-shutdown';
import { RefusalSummary } from './refusal-summary';
import { startRetentionTimer } from './retention-timer';
import { createSession } from './sessions';

let temp: TempDb;
beforeAll(async () => {
  temp = await createTempDb();
});
afterAll(async () => {
  await temp.cleanup();
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sessionCount = async () => (await temp.db.select().from(sessions)).length;

describe('retention timer', () => {
  it('logs a purge that fails and purges at a later interval', async () => {
    await createSession(temp.db, { type: 'customer', id: 'usr_x' }, new Date(Date.now() - 3_600_000));
    const logged: string[] = [];
    // Every purge fails while the sessions table is away (the same statement on both stores).
    await runSql(temp.db, sql`alter table sessions rename to sessions_away`);
    let away = true;
    const timer = startRetentionTimer(temp.db, { purgeIntervalMs: 20, log: (message) => logged.push(message) });
    try {
      await eventually(async () => logged.length >= 2);
      expect(logged[0]).toMatch(/purge failed/);
      await runSql(temp.db, sql`alter table sessions_away rename to sessions`);
      away = false;
      expect(await sessionCount()).toBe(1);
      await eventually(async () => (await sessionCount()) === 0);
    } finally {
      timer.stop();
      if (away) await runSql(temp.db, sql`alter table sessions_away rename to sessions`);
    }
  });

  it('writes the rate-limit summaries of ended windows at its summary interval', async () => {
    const refusals = new RefusalSummary({ windowMs: 30 });
    const timer = startRetentionTimer(temp.db, { purgeIntervalMs: 60_000, summaryIntervalMs: 20, refusals });
    try {
      refusals.record('authorize.per_source', { ip: '198.51.100.7' }, new Date());
      await eventually(async () => (await temp.db.select().from(auditEvents).where(eq(auditEvents.event, 'rate_limit.exceeded'))).length === 1);
    } finally {
      timer.stop();
    }
  });

  it('writes the summaries still open and stops when the process-wide store closes (shutdown)', async () => {
    // The process-wide store is this test's database: its file, or its PostgreSQL URL.
    const previous = { DATABASE_PATH: process.env.DATABASE_PATH, DATABASE_URL: process.env.DATABASE_URL };
    const shutdownFile = temp.file.replace(/test\.db$/, 'shutdown.db');
    if (onPostgres) process.env.DATABASE_URL = temp.env.DATABASE_URL;
    else process.env.DATABASE_PATH = shutdownFile;
    try {
      const db = getDb();
      const refusals = new RefusalSummary({ windowMs: 60_000 });
      const timer = startRetentionTimer(db, { purgeIntervalMs: 60_000, refusals });
      refusals.record('api.failed_auth', { ip: '198.51.100.9' }, new Date());
      await closeStore();
      const restarted = startRetentionTimer(db, { purgeIntervalMs: 60_000 }); // the old one was stopped
      restarted.stop();
      expect(restarted).not.toBe(timer);
      const reopened = onPostgres ? temp.db : openDatabase(shutdownFile);
      const rows = await reopened.select().from(auditEvents).where(and(eq(auditEvents.event, 'rate_limit.exceeded'), eq(auditEvents.ip, '198.51.100.9')));
      if (!onPostgres) reopened.$client.close(); // eslint-disable-line no-restricted-syntax -- the SQLite file's second connection
      expect(rows).toEqual([expect.objectContaining({ ip: '198.51.100.9', detail: expect.objectContaining({ count: 1 }) })]);
    } finally {
      await closeDatabase();
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('stops when the store closes without closeStore, so that no run starts on a closed connection', async () => {
    const previous = { DATABASE_PATH: process.env.DATABASE_PATH, DATABASE_URL: process.env.DATABASE_URL };
    if (onPostgres) process.env.DATABASE_URL = temp.env.DATABASE_URL;
    else process.env.DATABASE_PATH = temp.file.replace(/test\.db$/, 'closed.db');
    const logged: string[] = [];
    try {
      const db = getDb();
      const timer = startRetentionTimer(db, { purgeIntervalMs: 10, summaryIntervalMs: 10, log: (message) => logged.push(message) });
      await closeDatabase();
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(logged).toEqual([]);
      expect(startRetentionTimer(db, { purgeIntervalMs: 60_000 })).not.toBe(timer);
    } finally {
      await closeDatabase();
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
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
