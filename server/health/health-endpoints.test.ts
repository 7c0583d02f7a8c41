// /healthz and /readyz of the real lean server process (`npm run partner-server`) on a real
// database file, with that file broken in the ways operations meet. SQLite only: the file is
// what is broken (readiness.test.ts covers PostgreSQL's reasons).
/* eslint-disable no-restricted-syntax -- the SQLite file, read and broken by hand */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import { startPartnerServerProcess, type ServerProcess } from '@/test/server-process';
import { onPostgres } from '@/test/temp-db';

// Real server and script processes start slowly on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-health-'));
const file = path.join(dir, 'tsunagu.db');
let server: ServerProcess;

beforeAll(async () => {
  if (onPostgres) return;
  openDatabase(file).$client.close();
  server = await startPartnerServerProcess(file);
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function readyz(origin = server.origin) {
  const response = await fetch(`${origin}/readyz`);
  return { status: response.status, body: await response.text(), cacheControl: response.headers.get('cache-control') };
}

const auditRows = () => {
  const connection = new Database(file, { readonly: true });
  try {
    return (connection.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
  } finally {
    connection.close();
  }
};

describe.skipIf(onPostgres)('health endpoints of the lean server', () => {
  it('answer /healthz and /readyz with no-store, never audited and never rate-limited', async () => {
    const audited = auditRows();
    for (let i = 0; i < 150; i++) {
      const health = await fetch(`${server.origin}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('{"status":"ok"}');
      expect(health.headers.get('cache-control')).toBe('no-store');
      expect(await readyz()).toEqual({ status: 200, body: '{"status":"ready"}', cacheControl: 'no-store' });
    }
    expect(auditRows()).toBe(audited);
  });

  it('report migrations_pending while an applied migration is missing, and ready once it is back', async () => {
    const connection = new Database(file);
    const newest = connection.prepare('SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').get() as {
      id: number | null;
      hash: string;
      created_at: number;
    };
    connection.prepare('DELETE FROM __drizzle_migrations WHERE created_at = ?').run(newest.created_at);
    await expect.poll(readyz, { timeout: 10_000 }).toMatchObject({ status: 503, body: '{"status":"unavailable","reason":"migrations_pending"}' });
    connection.prepare('INSERT INTO __drizzle_migrations (id, hash, created_at) VALUES (?, ?, ?)').run(newest.id, newest.hash, newest.created_at);
    connection.close();
    await expect.poll(readyz, { timeout: 10_000 }).toMatchObject({ status: 200 });
  });

  it('report database_missing once the database file is removed, while /healthz still answers', async () => {
    for (const name of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(name, { force: true });
    await expect.poll(readyz, { timeout: 10_000 }).toEqual({
      status: 503,
      body: '{"status":"unavailable","reason":"database_missing"}',
      cacheControl: 'no-store',
    });
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
  });

  it('report database_read_only when the server process may not write the database file', async () => {
    const readOnlyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-health-ro-'));
    const readOnlyFile = path.join(readOnlyDir, 'tsunagu.db');
    openDatabase(readOnlyFile).$client.close();
    fs.chmodSync(readOnlyFile, 0o444);
    fs.chmodSync(readOnlyDir, 0o777); // SQLite still needs to create the -wal and -shm files
    // Root ignores file modes, so as root the server runs as "nobody".
    const asRoot = process.getuid?.() === 0;
    const readOnly = await startPartnerServerProcess(readOnlyFile, asRoot ? { uid: 65534 } : {});
    try {
      expect(await readyz(readOnly.origin)).toEqual({
        status: 503,
        body: '{"status":"unavailable","reason":"database_read_only"}',
        cacheControl: 'no-store',
      });
      expect((await fetch(`${readOnly.origin}/healthz`)).status).toBe(200);
    } finally {
      await readOnly.stop();
      fs.rmSync(readOnlyDir, { recursive: true, force: true });
    }
  });
});
