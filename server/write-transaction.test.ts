import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { authorizationCodes, users } from '@/db/schema';
import { RateLimiter } from '@/lib/rate-limit';
import { startAuthorizationRequest, testContext } from '@/test/journey-fixtures';
import { createTempDb } from '@/test/temp-db';
import { authenticateCustomer } from './customer-auth';
import { approveAuthorization } from './journey/approve';
import { confirmPinRegistrations } from './journey/confirm';
import { loadJourney, type ActiveJourney } from './journey/load';
import { loginForJourney } from './journey/login';
import { chooseOperations } from './journey/operations';
import { writeTransaction, type WriteTx } from './write-transaction';

// Another connection on the same file commits continuously (as the lean partner server does
// with its audit rows), from a worker thread because better-sqlite3 is synchronous. It pauses
// 0.2 ms between commits, as a server does between batches, so the write lock comes free.
const WRITER_SOURCE = `
const Database = require('better-sqlite3');
const { workerData } = require('node:worker_threads');
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const insert = db.prepare("INSERT INTO audit_events (occurred_at, event, outcome, actor_type) VALUES (?, 'test.writer', 'success', 'system')");
const [STOP, COMMITS, HOLD, HELD] = [0, 1, 2, 3];
const state = new Int32Array(workerData.state);
const pause = new Int32Array(new SharedArrayBuffer(4));
while (Atomics.load(state, STOP) === 0) {
  if (Atomics.load(state, HOLD) === 1) {
    Atomics.store(state, HELD, 1);
    Atomics.wait(state, HOLD, 1, 50);
    continue;
  }
  Atomics.store(state, HELD, 0);
  insert.run(new Date().toISOString());
  Atomics.add(state, COMMITS, 1);
  Atomics.wait(pause, 0, 0, 0.2);
}
db.close();
`;

const temp = createTempDb();
const db = temp.db;
// Shared with the writer: [STOP, COMMITS, HOLD, HELD].
const state = new Int32Array(new SharedArrayBuffer(16));
const [STOP, COMMITS, HOLD, HELD] = [0, 1, 2, 3];
const commitsByWriter = () => Atomics.load(state, COMMITS);
let writer: Worker;
let seed: DemoSeed;

function spinUntil(done: () => boolean, maxMs: number): void {
  const until = Date.now() + maxMs;
  while (!done() && Date.now() < until) {
    /* the writer runs on its own thread meanwhile */
  }
}

beforeAll(async () => {
  seed = await seedDemo(db);
  writer = new Worker(WRITER_SOURCE, { eval: true, workerData: { file: temp.file, state: state.buffer } });
  await new Promise<void>((resolve, reject) => {
    writer.once('error', reject);
    const wait = () => (commitsByWriter() > 10 ? resolve() : setTimeout(wait, 5));
    wait();
  });
});

afterAll(async () => {
  Atomics.store(state, STOP, 1);
  await new Promise((resolve) => writer.once('exit', resolve));
  temp.cleanup();
});

function sqliteCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return undefined;
}

const readUser = (tx: WriteTx) => tx.select().from(users).where(eq(users.loginId, 'tsunagu02')).get()!;
const writeUser = (tx: WriteTx, user: { id: string; failedLoginCount: number }) =>
  tx.update(users).set({ failedLoginCount: user.failedLoginCount }).where(eq(users.id, user.id)).run();

/** Pauses the writer between two commits, so that the write lock is free. */
function whileWriterHeld<T>(work: () => T): T {
  Atomics.store(state, HOLD, 1);
  try {
    spinUntil(() => Atomics.load(state, HELD) === 1, 2000);
    return work();
  } finally {
    Atomics.store(state, HOLD, 0);
    Atomics.notify(state, HOLD);
  }
}

// Both tests have the shape of every login and journey step: read a row, then write on what
// was read, with the other connection committing in between if it can.
describe('read-then-write transactions beside a connection that commits continuously', () => {
  it('control: a DEFERRED transaction fails with SQLITE_BUSY_SNAPSHOT when the other connection commits between its read and its write', () => {
    let failure: unknown;
    try {
      db.transaction((tx) => {
        const user = readUser(tx);
        const seen = commitsByWriter();
        spinUntil(() => commitsByWriter() > seen, 2000);
        // The write lock is free now; only the stale snapshot stands in the way, and the
        // busy timeout does not help with that.
        whileWriterHeld(() => writeUser(tx, user));
      });
    } catch (error) {
      failure = error;
    }
    expect(sqliteCode(failure)).toBe('SQLITE_BUSY_SNAPSHOT');
  });

  it('an IMMEDIATE transaction holds the other writer off from before its read, so the same read-then-write succeeds', () => {
    const commitsMeanwhile = writeTransaction(db, (tx) => {
      // A commit that ended just before BEGIN IMMEDIATE may still be counting itself.
      spinUntil(() => false, 5);
      const user = readUser(tx);
      const seen = commitsByWriter();
      spinUntil(() => commitsByWriter() > seen, 30);
      writeUser(tx, user);
      return commitsByWriter() - seen;
    });
    expect(commitsMeanwhile).toBe(0);
  });

  it('logs a customer in every time while the other connection keeps committing', async () => {
    // Limits that sixteen attempts do not reach: this test is about SQLite, not about guessing.
    const limiters = { perSource: new RateLimiter(1000, 1000), perLoginId: new RateLimiter(1000, 1000) };
    const before = commitsByWriter();
    for (let attempt = 0; attempt < 8; attempt++) {
      const wrong = await authenticateCustomer(db, { loginId: 'tsunagu02', password: 'wrong', context: testContext, limiters, onSuccess: () => null });
      expect(wrong).toEqual({ ok: false, reason: 'invalid_credentials' });
      const right = await authenticateCustomer(db, { loginId: 'tsunagu02', password: 'Tsunagu#2026', context: testContext, limiters, onSuccess: () => 'in' });
      expect(right).toMatchObject({ ok: true, value: 'in' });
    }
    // The other connection really committed meanwhile (not necessarily within every attempt:
    // two logins can fit between two of its commits on a busy machine).
    expect(commitsByWriter()).toBeGreaterThan(before);
    expect(db.select().from(users).where(eq(users.loginId, 'tsunagu02')).get()!.failedLoginCount).toBe(0);
  });

  it('walks a journey to 許可 and issues its code while the other connection keeps committing', async () => {
    const before = commitsByWriter();
    const started = startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-kaikei']! });
    const first = loadJourney(db, { requestToken: started.requestToken }) as ActiveJourney;
    const login = await loginForJourney(db, first, { loginId: 'tsunagu02', password: 'Tsunagu#2026' }, testContext);
    if (!login.ok) throw new Error(login.reason);
    const reload = () => loadJourney(db, { requestToken: started.requestToken, sessionToken: login.value.sessionToken }) as ActiveJourney;
    chooseOperations(db, reload(), ['accounts:read'], testContext);
    if (reload().step !== 'grant') confirmPinRegistrations(db, reload(), testContext);
    const result = approveAuthorization(db, reload(), testContext);
    expect(result).toMatchObject({ ok: true });
    const codes = db.select({ n: sql<number>`count(*)` }).from(authorizationCodes).get()!;
    expect(codes.n).toBe(1);
    expect(commitsByWriter()).toBeGreaterThan(before);
  });
});
