/* eslint-disable no-restricted-syntax -- the SQLite connection's own journal and statements */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTempDb, onPostgres } from '@/test/temp-db';

/** Files this process holds open, as Linux names them. */
const openFiles = () =>
  fs.readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [fs.readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return [];
    }
  });

// The connection's pragmas and its temporary files are SQLite's.
describe.skipIf(onPostgres)('the SQLite connection', () => {
  it('keeps the journal of a savepoint in memory, never in a temporary file', async () => {
    const temp = await createTempDb();
    const client = temp.db.$client;
    client.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)');
    const insert = client.prepare('INSERT INTO filler (text) VALUES (?)');
    client.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run('x'.repeat(100));
    })();
    let during: string[] = [];
    // Rewriting pages that exist already inside a savepoint journals each of them (> 64 KiB).
    client.transaction(() => {
      client.exec('SAVEPOINT job');
      client.exec("UPDATE filler SET text = 'y' || text");
      during = openFiles();
      client.exec('RELEASE job');
    }).immediate();
    expect(during.some((file) => file.includes(temp.file))).toBe(true);
    expect(during.filter((file) => /etilqs_/.test(file))).toEqual([]);
    await temp.cleanup();
  });
});
