import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { createHealthHandlers, type HealthHandlers } from './health-handler';
import { createReadinessProbe } from './readiness';

let temp: TempDb;
let handlers: HealthHandlers;
/** How many times the real probe ran. */
let probes = 0;
let clock = 0;
beforeAll(async () => {
  temp = await createTempDb();
  const probe = createReadinessProbe(temp.db);
  handlers = createHealthHandlers(
    () => {
      probes += 1;
      return probe();
    },
    { now: () => clock },
  );
});
afterAll(async () => {
  await temp.cleanup();
});

const get = (handler: (request: Request) => Promise<Response>, method = 'GET') => handler(new Request('http://localhost/x', { method }));
const walSize = () => (onPostgres ? 0 : fs.statSync(`${temp.file}-wal`).size);

describe('the health handlers', () => {
  it('answer /healthz with exactly {"status":"ok"} and no-store', async () => {
    const response = await get(handlers.healthz);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"status":"ok"}');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answer /readyz with exactly {"status":"ready"} and no-store', async () => {
    const response = await get(handlers.readyz);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"status":"ready"}');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('probe the database at most once a second however often /readyz is polled', async () => {
    clock += 5000;
    const before = walSize();
    const probesBefore = probes;
    for (let i = 0; i < 20; i++) await get(handlers.readyz);
    await Promise.all(Array.from({ length: 5 }, () => get(handlers.readyz)));
    expect(probes - probesBefore).toBe(1);
    const afterOneProbe = walSize();
    if (!onPostgres) {
      // Each probe commits one WAL frame (page 1, 4 KiB): twenty polls, one frame.
      expect(afterOneProbe - before).toBeGreaterThan(4096);
      expect(afterOneProbe - before).toBeLessThan(2 * 4096);
    }
    clock += 999;
    await get(handlers.readyz);
    expect(probes - probesBefore).toBe(1);
    expect(walSize()).toBe(afterOneProbe);
    clock += 1;
    await get(handlers.readyz);
    expect(probes - probesBefore).toBe(2);
    if (!onPostgres) expect(walSize()).toBeGreaterThan(afterOneProbe);
  });

  // Another connection holding SQLite's one write lock makes the probe fail.
  it.skipIf(onPostgres)('keep a failure for the same second, then see the recovery', async () => {
    clock += 5000;
    const writer = new Database(temp.file);
    writer.exec('BEGIN IMMEDIATE');
    const busy = await get(handlers.readyz);
    expect(busy.status).toBe(503);
    expect(await busy.text()).toBe('{"status":"unavailable","reason":"database_busy"}');
    expect(busy.headers.get('cache-control')).toBe('no-store');
    writer.exec('ROLLBACK');
    writer.close();
    clock += 500;
    expect((await get(handlers.readyz)).status).toBe(503);
    clock += 500;
    expect((await get(handlers.readyz)).status).toBe(200);
  });

  it('answer HEAD like GET and refuse other methods with 405 and Allow', async () => {
    expect((await get(handlers.healthz, 'HEAD')).status).toBe(200);
    expect((await get(handlers.readyz, 'HEAD')).status).toBe(200);
    for (const handler of [handlers.healthz, handlers.readyz]) {
      const posted = await get(handler, 'POST');
      expect(posted.status).toBe(405);
      expect(posted.headers.get('allow')).toBe('GET, HEAD');
    }
  });
});
