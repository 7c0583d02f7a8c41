import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { branches } from '@/db/schema';
import { createTempDb } from '@/test/temp-db';
import { createGroupCommitter, groupCommit } from './group-commit';

const temp = createTempDb();
const observer = openDatabase(temp.file);
afterAll(() => {
  observer.$client.close();
  temp.cleanup();
});

const commitsSeen = () => observer.$client.pragma('data_version', { simple: true }) as number;
const branch = (code: string) => observer.select().from(branches).where(eq(branches.code, code)).get();

describe('group commit', () => {
  it('commits writes from the same turn of the event loop together, each caller getting its own result', async () => {
    const before = commitsSeen();
    const results = await Promise.all(
      ['901', '902', '903'].map((code) =>
        groupCommit(temp.db)((tx) => {
          tx.insert(branches).values({ code, name: `支店${code}` }).run();
          return code;
        }),
      ),
    );
    expect(results).toEqual(['901', '902', '903']);
    // Another connection sees all three rows, and exactly one more commit than before.
    expect(commitsSeen()).toBe(before + 1);
    expect(branch('903')?.name).toBe('支店903');
  });

  it("rolls back only the failing caller's writes", async () => {
    const ok = groupCommit(temp.db)((tx) => tx.insert(branches).values({ code: '911', name: 'ok' }).run());
    const failing = groupCommit(temp.db)((tx) => {
      tx.insert(branches).values({ code: '912', name: 'rolled back' }).run();
      throw new Error('refused');
    });
    const [first, second] = await Promise.allSettled([ok, failing]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: new Error('refused') });
    expect(branch('911')).toBeDefined();
    expect(branch('912')).toBeUndefined();
  });

  it('answers nobody when the shared commit cannot happen', async () => {
    const other = createTempDb();
    const jobs = [1, 2].map(() => groupCommit(other.db)((tx) => tx.insert(branches).values({ code: '921', name: 'x' }).run()));
    other.db.$client.close();
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    other.cleanup();
  });

  it('commits a batch without syncing inside COMMIT and answers it only after the WAL sync', async () => {
    const other = createTempDb();
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
    const job = commit((tx) => {
      tx.insert(branches).values({ code: '931', name: 'x' }).run();
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
    other.cleanup();
  });

  it('tells every caller of the batch that it failed when the WAL sync fails', async () => {
    const other = createTempDb();
    const commit = createGroupCommitter(other.db, { syncFile: () => Promise.reject(new Error('EIO')) });
    const jobs = [1, 2].map((n) => commit((tx) => tx.insert(branches).values({ code: `94${n}`, name: 'x' }).run()));
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    other.cleanup();
  });

  it('holds writes that arrive during a sync until it ends, then commits them together', async () => {
    const other = createTempDb();
    const watcher = openDatabase(other.file);
    const commits = () => watcher.$client.pragma('data_version', { simple: true }) as number;
    const syncs: (() => void)[] = [];
    const commit = createGroupCommitter(other.db, { syncFile: () => new Promise<void>((resolve) => syncs.push(resolve)) });
    const turn = () => new Promise((resolve) => setTimeout(resolve, 10));
    const insert = (code: string) => commit((tx) => tx.insert(branches).values({ code, name: code }).run());
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
    other.cleanup();
  });
});
