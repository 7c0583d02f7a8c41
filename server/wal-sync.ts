// The group commit's fsync, off the event loop. With synchronous = FULL, SQLite fsyncs the
// WAL inside COMMIT, and better-sqlite3 runs COMMIT on the event loop: on this project's
// machines that is about 5 ms during which no request is read, parsed or answered. A batch
// therefore commits with synchronous = NORMAL (its WAL frames written, not yet synced), and
// the WAL file is then fdatasync'ed on libuv's thread pool before anyone in the batch is
// answered (security.md: nothing is answered before it would survive a power loss). An
// fdatasync covers every frame written before it started, so the batches that commit while
// one runs share the next one. Readers on this connection may see a batch during those
// milliseconds; no answer that depends on it leaves before the sync (every partner response
// waits for a commit of its own, which comes later in the same WAL).
import fs from 'node:fs';

export type SyncFile = (path: string) => Promise<void>;

/**
 * fdatasync, as SQLite itself syncs the WAL on Linux. The file stays open between syncs (any
 * descriptor of the file will do; SQLite keeps the WAL file while a connection is open) and
 * is opened again after a failure.
 */
export function datasyncer(): SyncFile {
  let descriptor: number | null = null;
  return (path) =>
    new Promise<void>((resolve, reject) => {
      const sync = (fd: number) =>
        fs.fdatasync(fd, (error) => {
          if (!error) return resolve();
          if (descriptor === fd) descriptor = null;
          fs.close(fd, () => reject(error));
        });
      if (descriptor !== null) return sync(descriptor);
      fs.open(path, 'r', (error, fd) => {
        if (error) return reject(error);
        descriptor = fd;
        sync(fd);
      });
    });
}

/** Resolves once every WAL frame written before the call is on disk. */
export function createWalSync(walPath: string, syncFile: SyncFile = datasyncer()): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const noop = () => {};

  function start(): Promise<void> {
    const sync = syncFile(walPath);
    inFlight = sync;
    const clear = () => {
      if (inFlight === sync) inFlight = null;
    };
    sync.then(clear, clear);
    return sync;
  }

  return () => {
    if (!inFlight) return start();
    // The sync in flight may have started before these frames were written: wait for it,
    // then start one more, shared by everyone who arrives meanwhile.
    queued ??= inFlight.then(noop, noop).then(() => {
      queued = null;
      return start();
    });
    return queued;
  };
}
