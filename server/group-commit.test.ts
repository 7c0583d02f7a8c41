/* eslint-disable no-restricted-syntax -- SQLite's group commit: its savepoints, WAL sync, pragmas and a second connection */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { openDatabase, type Db } from '@/db/client';
import { runSql } from '@/db/prepared';
import { branches, grantAccounts } from '@/db/schema';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { BatchAbortedError, createGroupCommitter, groupCommit } from './group-commit';

let temp: TempDb;
/** SQLite: another connection to the file, which sees only what is committed. */
let observer: Db | undefined;
beforeAll(async () => {
  temp = await createTempDb();
  if (!onPostgres) observer = openDatabase(temp.file);
});
afterAll(async () => {
  observer?.$client.close();
  await temp.cleanup();
});

const commitsSeen = () => observer!.$client.pragma('data_version', { simple: true }) as number;
// On PostgreSQL every committed row is visible to the pool's other connections too.
const branch = async (code: string) => (await (observer ?? temp.db).select().from(branches).where(eq(branches.code, code)).limit(1))[0];

describe('group commit', () => {
  it('commits writes from the same turn of the event loop, each caller getting its own result', async () => {
    const before = onPostgres ? 0 : commitsSeen();
    const results = await Promise.all(
      ['901', '902', '903'].map((code) =>
        groupCommit(temp.db)(async (tx) => {
          await tx.insert(branches).values({ code, name: `支店${code}` });
          return code;
        }),
      ),
    );
    expect(results).toEqual(['901', '902', '903']);
    // Another connection sees all three rows; on SQLite, after exactly one more commit than before.
    if (!onPostgres) expect(commitsSeen()).toBe(before + 1);
    expect((await branch('903'))?.name).toBe('支店903');
    expect((await branch('901'))?.name).toBe('支店901');
  });

  it("rolls back only the failing caller's writes", async () => {
    const ok = groupCommit(temp.db)(async (tx) => tx.insert(branches).values({ code: '911', name: 'ok' }));
    const failing = groupCommit(temp.db)(async (tx) => {
      await tx.insert(branches).values({ code: '912', name: 'rolled back' });
      throw new Error('refused');
    });
    const [first, second] = await Promise.allSettled([ok, failing]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: new Error('refused') });
    expect(await branch('911')).toBeDefined();
    expect(await branch('912')).toBeUndefined();
  });
});

// The batch, its one COMMIT and its WAL sync are SQLite's; PostgreSQL commits each job alone.
describe.skipIf(onPostgres)('group commit on SQLite', () => {

  it('answers nobody when the shared commit cannot happen', async () => {
    const other = await createTempDb();
    const jobs = [1, 2].map(() => groupCommit(other.db)(async (tx) => tx.insert(branches).values({ code: '921', name: 'x' })));
    other.db.$client.close();
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    await other.cleanup();
  });

  it('commits a batch without syncing inside COMMIT and answers it only after the WAL sync', async () => {
    const other = await createTempDb();
    let finishSync: () => void = () => {};
    const synced: string[] = [];
    const commit = createGroupCommitter(other.db, {
      syncFile: (file) =>
        new Promise<void>((resolve) => {
          synced.push(file);
          finishSync = resolve;
        }),
    });
    let answered = false;
    const job = commit(async (tx) => {
      await tx.insert(branches).values({ code: '931', name: 'x' });
      // synchronous = NORMAL (1) for this COMMIT only: the sync follows off the event loop.
      return other.db.$client.pragma('synchronous', { simple: true });
    }).then((value) => {
      answered = true;
      return value;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(synced).toEqual([`${other.file}-wal`]);
    expect(answered).toBe(false);
    // Every other write on the connection still syncs inside its own COMMIT (FULL = 2).
    expect(other.db.$client.pragma('synchronous', { simple: true })).toBe(2);
    finishSync();
    await expect(job).resolves.toBe(1);
    await other.cleanup();
  });

  it('tells every caller of the batch that it failed when the WAL sync fails', async () => {
    const other = await createTempDb();
    const commit = createGroupCommitter(other.db, { syncFile: () => Promise.reject(new Error('EIO')) });
    const jobs = [1, 2].map((n) => commit(async (tx) => tx.insert(branches).values({ code: `94${n}`, name: 'x' })));
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    await other.cleanup();
  });

  it('holds writes that arrive during a sync until it ends, then commits them together', async () => {
    const other = await createTempDb();
    const watcher = openDatabase(other.file);
    const commits = () => watcher.$client.pragma('data_version', { simple: true }) as number;
    const syncs: (() => void)[] = [];
    const commit = createGroupCommitter(other.db, { syncFile: () => new Promise<void>((resolve) => syncs.push(resolve)) });
    const turn = () => new Promise((resolve) => setTimeout(resolve, 10));
    const insert = (code: string) => commit(async (tx) => tx.insert(branches).values({ code, name: code }));
    const first = insert('951');
    await turn();
    const before = commits();
    const later = [insert('952')];
    await turn();
    later.push(insert('953'));
    await turn();
    // Nothing more is committed while the first batch's sync runs.
    expect(commits()).toBe(before);
    expect(syncs).toHaveLength(1);
    syncs[0]!();
    await first;
    await turn();
    expect(commits()).toBe(before + 1);
    expect(syncs).toHaveLength(2);
    syncs[1]!();
    await Promise.all(later);
    watcher.$client.close();
    await other.cleanup();
  });
});

describe.skipIf(onPostgres)('group commit under SQLite-level errors', () => {
  it('refuses every job of a batch whose COMMIT fails, and commits none of them', async () => {
    const jobs = [
      groupCommit(temp.db)(async (tx) => tx.insert(branches).values({ code: '931', name: 'before' })),
      groupCommit(temp.db)(async (tx) => {
        // Deferred, the foreign-key check happens at COMMIT, which then fails.
        await runSql(tx, sql`PRAGMA defer_foreign_keys = ON`);
        await tx.insert(grantAccounts).values({ grantId: 'no-such-grant', accountId: 'no-such-account' });
      }),
      groupCommit(temp.db)(async (tx) => tx.insert(branches).values({ code: '932', name: 'after' })),
    ];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await branch('931')).toBeUndefined();
    expect(await branch('932')).toBeUndefined();
    expect(temp.db.$client.inTransaction).toBe(false);
  });

  // SQLITE_FULL forced with PRAGMA max_page_count, a few pages above the current size: a
  // batch of jobs of random sizes runs out of room somewhere in the middle. A single-row
  // INSERT that hits SQLITE_FULL makes SQLite roll back the whole transaction; a multi-row
  // one only its own statement. Either way: answered success ⇔ committed.
  it('answers success exactly for the jobs whose rows are committed when the database fills up mid-batch', async () => {
    const client = temp.db.$client;
    const seen = { abortedAfterSuccessfulSavepoint: 0, notRunAfterAbort: 0, committedNextToFailure: 0 };
    let trial = 0;
    const jobShape = fc.record({
      rows: fc.array(fc.integer({ min: 1, max: 6000 }), { minLength: 1, maxLength: 3 }),
      oneStatement: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.array(jobShape, { minLength: 2, maxLength: 12 }), async (headroom, shapes) => {
        trial += 1;
        const pages = client.pragma('page_count', { simple: true }) as number;
        client.pragma(`max_page_count = ${pages + headroom}`);
        const ranBefore: boolean[] = [];
        const codes = shapes.map((shape, j) => shape.rows.map((_, r) => `f${trial}-${j}-${r}`));
        const settled = await Promise.allSettled(
          shapes.map((shape, j) =>
            groupCommit(temp.db)(async (tx) => {
              ranBefore[j] = true;
              const rows = shape.rows.map((size, r) => ({ code: codes[j]![r]!, name: 'x'.repeat(size) }));
              if (shape.oneStatement) await tx.insert(branches).values(rows);
              else for (const row of rows) await tx.insert(branches).values(row);
            }),
          ),
        );
        client.pragma('max_page_count = 4294967294');

        for (const [j, result] of settled.entries()) {
          const stored = await observer!.select({ code: branches.code }).from(branches).where(inArray(branches.code, codes[j]!));
          expect(stored.length).toBe(result.status === 'fulfilled' ? codes[j]!.length : 0);
        }
        if (settled.some((r) => r.status === 'rejected' && r.reason instanceof BatchAbortedError)) {
          expect(settled.every((r) => r.status === 'rejected' && r.reason instanceof BatchAbortedError)).toBe(true);
          const ran = ranBefore.filter(Boolean).length;
          if (ran > 1) seen.abortedAfterSuccessfulSavepoint += 1;
          if (ran < shapes.length) seen.notRunAfterAbort += 1;
        } else if (settled.some((r) => r.status === 'rejected') && settled.some((r) => r.status === 'fulfilled')) {
          seen.committedNextToFailure += 1;
        }
      }),
      { seed: 20260101, numRuns: 150 },
    );
    // The trials reached both outcomes: whole-transaction rollbacks in mid-batch (with the
    // jobs queued behind never run), and statement-level failures beside committed jobs.
    expect(seen.abortedAfterSuccessfulSavepoint).toBeGreaterThan(5);
    expect(seen.notRunAfterAbort).toBeGreaterThan(5);
    expect(seen.committedNextToFailure).toBeGreaterThan(5);
  });
});
