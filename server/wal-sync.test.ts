import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWalSync, datasyncer } from './wal-sync';

/** A sync we finish by hand, recording when each one started. */
function manualSync() {
  const started: { finish: () => void; fail: (error: Error) => void }[] = [];
  const syncFile = () =>
    new Promise<void>((resolve, reject) => {
      started.push({ finish: resolve, fail: reject });
    });
  return { started, syncFile };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('WAL sync off the event loop', () => {
  it('resolves only when the sync that started after the call has finished', async () => {
    const { started, syncFile } = manualSync();
    const durable = createWalSync('unused-wal', syncFile);
    const first = durable();
    expect(started).toHaveLength(1);
    expect(await settled(first)).toBe(false);
    started[0]!.finish();
    expect(await settled(first)).toBe(true);
  });

  it('makes callers that arrive during a sync wait for one more, which they share', async () => {
    const { started, syncFile } = manualSync();
    const durable = createWalSync('unused-wal', syncFile);
    const first = durable();
    const second = durable();
    const third = durable();
    expect(started).toHaveLength(1);
    started[0]!.finish();
    expect(await settled(first)).toBe(true);
    // The first sync may have begun before the later frames were written: they get their own.
    expect(await settled(second)).toBe(false);
    expect(started).toHaveLength(2);
    started[1]!.finish();
    expect(await settled(second)).toBe(true);
    expect(await settled(third)).toBe(true);
    expect(started).toHaveLength(2);
  });

  it('passes a failed sync on to its callers and starts afresh for the next one', async () => {
    const { started, syncFile } = manualSync();
    const durable = createWalSync('unused-wal', syncFile);
    const failing = durable();
    started[0]!.fail(new Error('EIO'));
    await expect(failing).rejects.toThrow('EIO');
    const next = durable();
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await expect(next).resolves.toBeUndefined();
  });

  it('syncs a real file, and refuses a missing one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-walsync-'));
    const file = path.join(dir, 'x-wal');
    fs.writeFileSync(file, 'frames');
    const syncFile = datasyncer();
    await expect(syncFile(file)).resolves.toBeUndefined();
    await expect(syncFile(file)).resolves.toBeUndefined();
    await expect(datasyncer()(path.join(dir, 'missing-wal'))).rejects.toThrow(/ENOENT/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
