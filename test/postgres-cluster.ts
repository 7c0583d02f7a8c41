// A PostgreSQL cluster owned by one test run (or benchmark run): Debian's binaries, its own
// data directory and socket directory under the system temp dir, its own port, removed when
// it stops. initdb refuses to run as root, so as root the cluster runs as Debian's `postgres`
// user. Nothing here talks to a system-wide PostgreSQL service.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** postgres://… of the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** Stops the server and removes its directory. */
  stop: () => void;
}

/** The URL of database `name` on the cluster whose maintenance URL is `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs statements (CREATE/DROP DATABASE, which no pool may hold open) on the maintenance database. */
export async function onMaintenanceDb(adminUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The newest Debian PostgreSQL binaries, or null with the reason they are missing. */
export function findPostgresBinaries(): { bin: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) return { missing: `no PostgreSQL under ${root} (Debian's postgresql package; scripts/ensure-packages.sh installs it)` };
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]!;
  return { bin: path.join(root, newest, 'bin') };
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[], cwd: string): void {
  const command = asRoot ? 'runuser' : bin;
  const argv = asRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  const result = spawnSync(command, argv, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

export interface ClusterOptions {
  /**
   * fsync and synchronous_commit on, as in production (default). The unit suite's cluster
   * turns them off: what it checks is the rules, and a cluster that crashes mid-run is thrown
   * away; the multi-node end-to-end run and the benchmark stay durable.
   */
  durable?: boolean;
}

export function startPostgresCluster(port: number, { durable = true }: ClusterOptions = {}): PostgresCluster {
  const found = findPostgresBinaries();
  if ('missing' in found) throw new Error(found.missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-pg-'));
  const data = path.join(dir, 'data');
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  run(path.join(found.bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions'], dir);
  const durability = durable ? ['-c fsync=on', '-c synchronous_commit=on'] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
  // Room for many test databases at once.
  const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=300', '-c shared_buffers=128MB', ...durability].join(' ');
  run(path.join(found.bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start'], dir);
  let stopped = false;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run(path.join(found.bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], dir);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
