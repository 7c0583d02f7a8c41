import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { branches, authorizationCodes, users } from '@/db/schema';
import { RateLimiter } from '@/lib/rate-limit';
import { startAuthorizationRequest, testContext } from '@/test/journey-fixtures';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { authenticateCustomer } from './customer-auth';
import { approveAuthorization } from './journey/approve';
import { confirmPinRegistrations } from './journey/confirm';
import { loadJourney, type ActiveJourney } from './journey/load';
import { loginForJourney } from './journey/login';
import { chooseOperations } from './journey/operations';
import { isTransaction, writeTransaction, YieldedInTransactionError, type WriteTx } from './write-transaction';

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

let temp: TempDb;
let db: WriteTx;
let seed: DemoSeed;
beforeAll(async () => {
  temp = await createTempDb();
  db = temp.db;
  seed = await seedDemo(db);
});
afterAll(async () => {
  await temp.cleanup();
});

const branchNamed = async (tx: WriteTx, code: string) => (await tx.select().from(branches).where(eq(branches.code, code)).limit(1))[0];
const readUser = async (tx: WriteTx) => (await tx.select().from(users).where(eq(users.loginId, 'tsunagu02')).limit(1))[0]!;
const writeUser = (tx: WriteTx, user: { id: string; failedLoginCount: number }) =>
  tx.update(users).set({ failedLoginCount: user.failedLoginCount }).where(eq(users.id, user.id));

describe('writeTransaction', () => {
  it("commits the work's writes and answers its value", async () => {
    const value = await writeTransaction(db, async (tx) => {
      expect(isTransaction(tx)).toBe(true);
      await tx.insert(branches).values({ code: 't01', name: 'committed' });
      return 'done';
    });
    expect(value).toBe('done');
    expect(await branchNamed(db, 't01')).toMatchObject({ name: 'committed' });
    expect(isTransaction(db)).toBe(false);
  });

  it('rolls every write back when the work throws, and rethrows', async () => {
    const failure = new Error('the rule said no');
    await expect(
      writeTransaction(db, async (tx) => {
        await tx.insert(branches).values({ code: 't02', name: 'rolled back' });
        await tx.update(branches).set({ name: 'changed' }).where(eq(branches.code, 't01'));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await branchNamed(db, 't02')).toBeUndefined();
    expect(await branchNamed(db, 't01')).toMatchObject({ name: 'committed' });
  });

  it('runs a nested call with the handle inside the same transaction: it commits and rolls back with it', async () => {
    await expect(
      writeTransaction(db, async (tx) => {
        const inner = await writeTransaction(tx, async (same) => {
          expect(same).toBe(tx);
          await same.insert(branches).values({ code: 't03', name: 'nested' });
          return 'inner';
        });
        expect(inner).toBe('inner');
        // The nested write is visible inside, not yet committed.
        expect(await branchNamed(tx, 't03')).toMatchObject({ name: 'nested' });
        throw new Error('outer fails after the nested call');
      }),
    ).rejects.toThrow('outer fails');
    expect(await branchNamed(db, 't03')).toBeUndefined();

    await writeTransaction(db, async (tx) => {
      await writeTransaction(tx, async (same) => same.insert(branches).values({ code: 't04', name: 'nested' }));
    });
    expect(await branchNamed(db, 't04')).toMatchObject({ name: 'nested' });
  });

  // SQLite's queue on its one connection; on PostgreSQL they run side by side (the rules use
  // conditional updates there, write-transaction.ts says why).
  it.skipIf(onPostgres)('runs transactions asked for at once one after another on SQLite, each seeing what the one before wrote', async () => {
    const user = await readUser(db);
    await writeUser(db, { id: user.id, failedLoginCount: 0 });
    const increments = Array.from({ length: 10 }, () =>
      writeTransaction(db, async (tx) => {
        const current = await readUser(tx);
        await writeUser(tx, { id: current.id, failedLoginCount: current.failedLoginCount + 1 });
      }),
    );
    await Promise.all(increments);
    expect((await readUser(db)).failedLoginCount).toBe(10);
    await writeUser(db, { id: user.id, failedLoginCount: 0 });
  });

  // SQLite: the one connection is shared by the whole process, so work must not wait for anything but the store.
  it.skipIf(onPostgres)('rolls back and reports work that waits for a timer (YieldedInTransactionError)', async () => {
    await expect(
      writeTransaction(db, async (tx) => {
        await tx.insert(branches).values({ code: 't05', name: 'yielded' });
        await new Promise((resolve) => setTimeout(resolve, 1));
      }),
    ).rejects.toBeInstanceOf(YieldedInTransactionError);
    expect(await branchNamed(db, 't05')).toBeUndefined();
    // The connection is usable afterwards: the next transaction commits.
    await writeTransaction(db, async (tx) => tx.insert(branches).values({ code: 't05', name: 'after' }));
    expect(await branchNamed(db, 't05')).toMatchObject({ name: 'after' });
  });
});

// A second connection to the same file and SQLite's snapshots and write lock: SQLite only.
describe.skipIf(onPostgres)('read-then-write transactions beside a connection that commits continuously', () => {
  // Shared with the writer: [STOP, COMMITS, HOLD, HELD].
  const state = new Int32Array(new SharedArrayBuffer(16));
  const [STOP, COMMITS, HOLD, HELD] = [0, 1, 2, 3];
  const commitsByWriter = () => Atomics.load(state, COMMITS);
  let writer: Worker;

  function spinUntil(done: () => boolean, maxMs: number): void {
    const until = Date.now() + maxMs;
    while (!done() && Date.now() < until) {
      /* the writer runs on its own thread meanwhile */
    }
  }

  beforeAll(async () => {
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
  });

  function sqliteCode(error: unknown): string | undefined {
    for (let e: unknown = error; e instanceof Error; e = e.cause) {
      if ('code' in e && typeof e.code === 'string') return e.code;
    }
    return undefined;
  }

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
  it('control: a DEFERRED transaction fails with SQLITE_BUSY_SNAPSHOT when the other connection commits between its read and its write', () => {
    /* eslint-disable no-restricted-syntax -- the control is drizzle's own synchronous DEFERRED transaction */
    type SyncTx = Parameters<Parameters<WriteTx['transaction']>[0]>[0];
    const readNow = (tx: SyncTx) => tx.select().from(users).where(eq(users.loginId, 'tsunagu02')).get()!;
    const writeNow = (tx: SyncTx, user: { id: string; failedLoginCount: number }) =>
      tx.update(users).set({ failedLoginCount: user.failedLoginCount }).where(eq(users.id, user.id)).run();
    let failure: unknown;
    try {
      db.transaction((tx) => {
        const user = readNow(tx);
        const seen = commitsByWriter();
        spinUntil(() => commitsByWriter() > seen, 2000);
        // The write lock is free now; only the stale snapshot stands in the way, and the
        // busy timeout does not help with that.
        whileWriterHeld(() => writeNow(tx, user));
      });
    } catch (error) {
      failure = error;
    }
    /* eslint-enable no-restricted-syntax */
    expect(sqliteCode(failure)).toBe('SQLITE_BUSY_SNAPSHOT');
  });

  it('an IMMEDIATE transaction holds the other writer off from before its read, so the same read-then-write succeeds', async () => {
    const commitsMeanwhile = await writeTransaction(db, async (tx) => {
      // A commit that ended just before BEGIN IMMEDIATE may still be counting itself.
      spinUntil(() => false, 5);
      const user = await readUser(tx);
      const seen = commitsByWriter();
      spinUntil(() => commitsByWriter() > seen, 30);
      await writeUser(tx, user);
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
    expect((await readUser(db)).failedLoginCount).toBe(0);
  });

  it('walks a journey to 許可 and issues its code while the other connection keeps committing', async () => {
    const before = commitsByWriter();
    const started = await startAuthorizationRequest(db, { partnerId: seed.partnerIds['demo-kaikei']! });
    const first = (await loadJourney(db, { requestToken: started.requestToken })) as ActiveJourney;
    const login = await loginForJourney(db, first, { loginId: 'tsunagu02', password: 'Tsunagu#2026' }, testContext);
    if (!login.ok) throw new Error(login.reason);
    const reload = async () => (await loadJourney(db, { requestToken: started.requestToken, sessionToken: login.value.sessionToken })) as ActiveJourney;
    await chooseOperations(db, await reload(), ['accounts:read'], testContext);
    if ((await reload()).step !== 'grant') await confirmPinRegistrations(db, await reload(), testContext);
    const result = await approveAuthorization(db, await reload(), testContext);
    expect(result).toMatchObject({ ok: true });
    const [codes] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(authorizationCodes);
    expect(codes!.n).toBe(1);
    expect(commitsByWriter()).toBeGreaterThan(before);
  });
});
