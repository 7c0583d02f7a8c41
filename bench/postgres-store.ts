// The benchmark on PostgreSQL (npm run bench -- --store=postgres): a cluster of the run's own
// (test/postgres-cluster.ts) pinned to the servers' core, the benchmark's SQLite database
// copied into it table by table (the same rows, ids and hashes, so both stores serve the same
// data), and the PostgreSQL processes' CPU time, which counts as the server's: a request that
// costs little in Node.js but much in its backend is not cheap.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { closePostgres, migratePostgres, openPostgres } from '@/db/postgres';
import { sha256Hex } from '@/lib/crypto';
import { databaseUrl, onMaintenanceDb, startPostgresCluster, type PostgresCluster } from '@/test/postgres-cluster';
import type { Pinning } from './pinning';
import type { Durability } from './targets';

export interface BenchPostgres {
  url: string;
  /** The postmaster: its process tree is PostgreSQL's share of the server's CPU (bench/process-cpu.ts). */
  pid: number;
  stop: () => void;
}

function postmasterPid(cluster: PostgresCluster): number {
  const out = execFileSync('bash', ['-c', `ss -ltnpH 'sport = :${cluster.port}' | grep -o 'pid=[0-9]*' | head -1`], { encoding: 'utf8' });
  const pid = Number(out.replace('pid=', '').trim());
  if (!pid) throw new Error('cannot find the benchmark cluster\'s postmaster');
  return pid;
}

export async function startBenchPostgres(pinning: Pinning, port: number): Promise<BenchPostgres> {
  const cluster = startPostgresCluster(port);
  const root = postmasterPid(cluster);
  // Backends fork from the postmaster and inherit its affinity: all of PostgreSQL shares the servers' core.
  if (pinning.available) execFileSync('taskset', ['-a', '-p', '-c', String(pinning.serverCore), String(root)], { stdio: 'ignore' });
  await onMaintenanceDb(cluster.adminUrl, ['CREATE DATABASE bench']);
  return {
    url: databaseUrl(cluster.adminUrl, 'bench'),
    pid: root,
    stop: () => cluster.stop(),
  };
}

/** Tables in foreign-key order (parents first). */
const TABLES = [
  'companies',
  'users',
  'branches',
  'accounts',
  'transactions',
  'partners',
  'authorization_requests',
  'pushed_authorization_requests',
  'grants',
  'grant_accounts',
  'api_pin_registrations',
  'authorization_codes',
  'tokens',
  'used_jtis',
  'sessions',
  'staff',
  'partner_change_requests',
  'audit_events',
  'api_read_days',
];

const BOOLEAN_COLUMNS = new Set(['must_change_password']);

/* eslint-disable no-restricted-syntax -- the copy reads the benchmark's SQLite file directly */
/** Copies every row of the SQLite file into the migrated PostgreSQL database at `url`. */
export async function copySqliteToPostgres(file: string, url: string, progress: (message: string) => void): Promise<void> {
  const db = openPostgres(url, 1);
  await migratePostgres(db);
  await closePostgres(db);
  const sqlite = new Database(file, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off'); // bench data only
    for (const table of TABLES) {
      const columns = (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      const booleans = new Set(columns.filter((c) => BOOLEAN_COLUMNS.has(c)));
      const perBatch = Math.floor(60_000 / columns.length);
      let copied = 0;
      let batch: unknown[][] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const values = batch.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',');
        await client.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${values}`, batch.flat());
        copied += batch.length;
        batch = [];
      };
      for (const row of sqlite.prepare(`SELECT * FROM ${table}`).raw().iterate() as Iterable<unknown[]>) {
        batch.push(row.map((value, i) => (booleans.has(columns[i]!) ? value === 1 : value)));
        if (batch.length >= perBatch) await flush();
      }
      await flush();
      // Identity columns continue after the copied ids.
      const sequence = columns.includes('id') ? (await client.query<{ s: string | null }>(`SELECT pg_get_serial_sequence('${table}', 'id') AS s`)).rows[0]!.s : null;
      if (sequence) await client.query(`SELECT setval('${sequence}', (SELECT coalesce(max(id), 0) + 1 FROM ${table}), false)`);
      if (copied) progress(`${table}: ${copied.toLocaleString('en')} rows`);
    }
    // Settled before anything is measured: autovacuum would otherwise work through the copied
    // million rows during the runs, on the servers' core, and its CPU would count as theirs.
    await client.query('VACUUM (FREEZE, ANALYZE)');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
    sqlite.close();
  }
}

/* eslint-enable no-restricted-syntax */

/** Of the tokens a client holds (acknowledged in a 200), how many the database lacks. */
export async function checkDurabilityPostgres(url: string, tokens: string[]): Promise<Durability> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ token_hash: string }>(
      `SELECT token_hash FROM tokens WHERE token_hash = ANY($1) AND kind = 'refresh' AND rotated_at IS NULL AND revoked_at IS NULL`,
      [tokens.map(sha256Hex)],
    );
    return { acknowledged: tokens.length, missing: tokens.length - rows.length };
  } finally {
    await client.end();
  }
}
