// npm run bench: builds the benchmark database, starts the limits (plain node:http), the peer
// (node-oidc-provider) and our two servers, each pinned to one core, and drives them one at a
// time from a load generator pinned to the other core. Three rounds; in each, every yardstick
// is measured right before the rows read against it. Writes bench/results/latest.json.
// Options: --quick (short runs, one round), --rounds=N, --reuse-db, --reuse-build,
// --only=next|lean, --profile[=target/scenario] (see bench/profile.ts), --store=postgres (our
// servers on a PostgreSQL cluster of the run's own, bench/postgres-store.ts; results in
// bench/results/latest-postgres.json, with one lean process against two).
/* eslint-disable no-restricted-syntax -- the benchmark builds and inspects its SQLite file directly (pragmas, checkpoint) */
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import { BENCH_BASE_MARKER, BENCH_DB, BENCH_SHAPE, benchDatabaseExists, buildBase, fapiLinkagesFileBeside, mintFapiLinkages, mintLinkages } from './build-db';
import { checkDurability, pageQuerySql, printPlans } from './checks';
import { checkDurabilityPostgres, copySqliteToPostgres, startBenchPostgres, type BenchPostgres } from './postgres-store';
import { startLoadGenerator, type LoadGenerator } from './load-generator';
import { roundPlan, rowKey, type RowKey, type RowSpec, type ScenarioName, type Target } from './plan';
import { detectPinning, type Pinning } from './pinning';
import { runProfile } from './profile';
import { formatTable, formatTargets } from './report';
import { startServer, type RunningServer, type ServerOptions } from './servers';
import { pairedRatios, summarize, type Measurement } from './stats';
import { evaluateTargets, type Durability, type RowResult } from './targets';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
const only = option('only') as 'next' | 'lean' | undefined;
const profile = flag('profile') ? 'lean/refresh_grant' : option('profile');
const ROUNDS = Number(option('rounds') ?? (quick ? 1 : 3));
const STORE = (option('store') ?? 'sqlite') as 'sqlite' | 'postgres';
if (STORE !== 'sqlite' && STORE !== 'postgres') throw new Error('--store is sqlite or postgres');
const CONNECTIONS = 50;
const DURATION = quick ? 4 : 8;
const WARMUP_FIRST = quick ? 2 : 4;
const WARMUP_LATER = 1;
const PORTS: Record<Target, number> = {
  next: Number(process.env.BENCH_NEXT_PORT || 3280),
  lean: Number(process.env.BENCH_LEAN_PORT || 3281),
  peer: Number(process.env.BENCH_PEER_PORT || 3282),
  limit: Number(process.env.BENCH_LIMIT_PORT || 3283),
};
const SECOND_LEAN_PORT = Number(process.env.BENCH_LEAN2_PORT || 3284);
const POSTGRES_PORT = Number(process.env.BENCH_POSTGRES_PORT || 3290);
const DIST_DIR = '.next-bench';
const DATA_DIR = path.dirname(BENCH_DB);
const LINKAGES_FILE = path.join(DATA_DIR, 'linkages.json');
const PEER_TOKENS_FILE = path.join(DATA_DIR, 'peer-tokens.json');
const started = Date.now();

const log = (message: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

async function prepareDatabase(): Promise<string> {
  // A fresh database each run (about 20 s): the audit trail only grows (it is append-only),
  // and a run should not measure the rows its predecessors left.
  if (!flag('reuse-db') || !benchDatabaseExists()) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${BENCH_DB}${suffix}`, { force: true });
    fs.rmSync(BENCH_BASE_MARKER, { force: true });
    log(`building ${BENCH_DB}: ${BENCH_SHAPE.companies} companies, ${BENCH_SHAPE.companies * BENCH_SHAPE.accountsPerCompany} accounts, ~1,000,000 movements`);
    const db = openDatabase(BENCH_DB);
    db.$client.pragma('synchronous = OFF'); // bench data only: a crash while building means rebuilding
    await buildBase(db, (message) => log(`  ${message}`));
    db.$client.close();
    fs.writeFileSync(BENCH_BASE_MARKER, new Date().toISOString());
  } else log(`reusing ${BENCH_DB} (--reuse-db)`);
  const db = openDatabase(BENCH_DB);
  fs.writeFileSync(LINKAGES_FILE, JSON.stringify(await mintLinkages(db, (message) => log(`  ${message}`))));
  fs.writeFileSync(fapiLinkagesFileBeside(LINKAGES_FILE), JSON.stringify(await mintFapiLinkages(db, (message) => log(`  ${message}`))));
  log(`  synchronous = ${db.$client.pragma('synchronous', { simple: true })} (2 = FULL) as the servers open it`);
  printPlans(db, log);
  const sql = pageQuerySql(db);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  return sql;
}

function buildNext(): void {
  if (flag('reuse-build') && fs.existsSync(path.join(DIST_DIR, 'BUILD_ID'))) return log(`reusing ${DIST_DIR}`);
  log(`next build into ${DIST_DIR} (production build; takes a minute or two)…`);
  const result = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

function gitCommit(): { sha: string; dirty: boolean } {
  try {
    return { sha: execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim(), dirty: execSync('git status --porcelain', { encoding: 'utf8' }).trim() !== '' };
  } catch {
    return { sha: 'unknown', dirty: false };
  }
}

/** Our servers' runs count the PostgreSQL processes' CPU too (--store=postgres). */
let storePid: number | undefined;
const storeOf = (target: Target) => (storePid && (target === 'lean' || target === 'next') ? { storePid } : {});

async function measureRounds(servers: Map<Target, RunningServer>, load: LoadGenerator, plan: RowSpec[][]) {
  const runs = new Map<RowKey, Measurement[]>();
  // Every row once, unmeasured, before the first round: the JIT of each server (Next.js and
  // the peer most of all) has then seen every path it will be measured on.
  log(`warm-up: every row for ${WARMUP_FIRST} s`);
  for (const spec of plan.flat()) {
    const server = servers.get(spec.target)!;
    const key = rowKey(spec.target, spec.scenario);
    await load.run({ origin: server.origin, target: spec.target, scenario: spec.scenario, connections: CONNECTIONS, round: 0, serverPid: server.pid, ...storeOf(spec.target), durationSeconds: WARMUP_FIRST, label: `${key} warm-up` });
  }
  for (let round = 1; round <= ROUNDS; round++) {
    log(`round ${round} of ${ROUNDS}`);
    for (const spec of plan.flat()) {
      const server = servers.get(spec.target)!;
      const key = rowKey(spec.target, spec.scenario);
      const base = { origin: server.origin, target: spec.target, scenario: spec.scenario, connections: CONNECTIONS, round, serverPid: server.pid, ...storeOf(spec.target) };
      await load.run({ ...base, durationSeconds: WARMUP_LATER, label: `${key} warm-up` });
      let m = await load.run({ ...base, durationSeconds: DURATION, label: `${key} round ${round}` });
      // A run in which nothing completed measured the machine's other load, not the server
      // (seen on the shared machine): run it again, at most twice, and say so.
      for (let retry = 1; m.requests === 0 && retry <= 2; retry++) {
        log(`  ${key}: no response completed in round ${round}; running it again (${retry} of 2)`);
        m = { ...(await load.run({ ...base, durationSeconds: DURATION, label: `${key} round ${round} again` })), retries: retry };
      }
      runs.set(key, [...(runs.get(key) ?? []), m]);
      log(
        `  ${key}: ${m.requestsPerSecond} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, errors ${m.errors}, ` +
          `server CPU ${m.serverCpuMicrosPerRequest} µs/request, load average ${m.loadAverage.toFixed(1)}`,
      );
    }
  }
  return runs;
}

async function main() {
  const pinning = detectPinning();
  log(pinning.note);
  const pageSql = await prepareDatabase();
  let postgres: BenchPostgres | undefined;
  if (STORE === 'postgres') {
    postgres = await startBenchPostgres(pinning, POSTGRES_PORT);
    storePid = postgres.pid;
    log(`PostgreSQL cluster on :${POSTGRES_PORT} (pinned with the servers; its CPU counts as theirs); copying ${BENCH_DB} into it`);
    await copySqliteToPostgres(BENCH_DB, postgres.url, (message) => log(`  ${message}`));
  }
  try {
    await measureAll(pinning, pageSql, postgres);
  } finally {
    postgres?.stop();
  }
}

async function measureAll(pinning: Pinning, pageSql: string, postgres: BenchPostgres | undefined) {
  const options: ServerOptions = { pinning, port: 0, databasePath: BENCH_DB, databaseUrl: postgres?.url, distDir: DIST_DIR, peerTokensFile: PEER_TOKENS_FILE, pageSql };
  const ours: ('lean' | 'next')[] = only ? [only] : ['lean', 'next'];
  if (profile) {
    const [target, scenario] = profile.split('/') as [Target, ScenarioName];
    return runProfile({ target, scenario, port: PORTS[target], serverOptions: options, linkagesFile: LINKAGES_FILE, connections: CONNECTIONS, durationSeconds: DURATION, log });
  }
  if (ours.includes('next')) buildNext();

  const loadAverageAtStart = os.loadavg();
  const servers = new Map<Target, RunningServer>();
  for (const target of ['limit', 'peer', ...ours] as Target[]) {
    log(`starting ${target} on :${PORTS[target]}`);
    servers.set(target, await startServer(target, { ...options, port: PORTS[target] }));
  }
  const load = await startLoadGenerator(pinning, LINKAGES_FILE, PEER_TOKENS_FILE);
  const plan = roundPlan(ours, !postgres);
  let runs: Map<RowKey, Measurement[]>;
  let scaling: { processes: number; runs: Measurement[] }[] | undefined;
  const durability: Record<string, Durability> = {};
  try {
    runs = await measureRounds(servers, load, plan);
    if (postgres && ours.includes('lean')) scaling = await measureSecondLean(options, servers.get('lean')!, load);
    const acknowledged = await load.acknowledgedTokens();
    // Killed, not asked to stop: the check below then reads what a crash leaves.
    for (const target of ours) await servers.get(target)!.kill();
    for (const [issuer, tokens] of Object.entries(acknowledged)) {
      durability[issuer] = postgres ? await checkDurabilityPostgres(postgres.url, tokens) : checkDurability(BENCH_DB, tokens);
    }
    for (const [issuer, d] of Object.entries(durability)) log(`  tokens last issued by ${issuer}: ${d.acknowledged} acknowledged, ${d.missing} missing after SIGKILL`);
  } finally {
    load.stop();
    for (const server of servers.values()) await server.kill();
  }

  const rows: RowResult[] = plan.flat().map((spec) => {
    const mine = runs.get(rowKey(spec.target, spec.scenario)) ?? [];
    const reference = spec.reference ? runs.get(spec.reference) : undefined;
    return { spec, summary: summarize(mine), ratios: reference ? pairedRatios(mine, reference) : null };
  });
  const checks = evaluateTargets(rows, durability);
  const output = {
    generatedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      cpuModel: os.cpus()[0]?.model,
      cores: os.cpus().length,
      node: process.version,
      os: `${os.type()} ${os.release()}`,
      pinning: pinning.note,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
    },
    method: { connections: CONNECTIONS, rounds: ROUNDS, warmupSeconds: { everyRowFirst: WARMUP_FIRST, beforeEachRun: WARMUP_LATER }, durationSeconds: DURATION, loadGenerator: 'autocannon 9, own process' },
    database: {
      store: STORE,
      companies: BENCH_SHAPE.companies,
      accounts: BENCH_SHAPE.companies * BENCH_SHAPE.accountsPerCompany,
      durability: STORE === 'postgres' ? 'PostgreSQL fsync = on, synchronous_commit = on' : 'SQLite synchronous = FULL',
    },
    rows: rows.map((row) => ({ ...row, runs: runs.get(rowKey(row.spec.target, row.spec.scenario)) })),
    durability,
    targets: checks,
    ...(scaling ? { scaling: scaling.map((s) => ({ processes: s.processes, summary: summarize(s.runs), runs: s.runs })) } : {}),
  };
  const resultsFile = path.join('bench', 'results', STORE === 'postgres' ? 'latest-postgres.json' : 'latest.json');
  fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
  fs.writeFileSync(resultsFile, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\n${pinning.note}; ${ROUNDS} round(s) of ${DURATION} s per row at ${CONNECTIONS} connections; medians (min–max)\n`);
  console.log(formatTable(rows));
  console.log(`\n${formatTargets(checks)}\n`);
  if (scaling) console.log(`${formatScaling(scaling)}\n`);
  log(`load average ${loadAverageAtStart[0]!.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end; written to ${resultsFile}`);
}

/**
 * PostgreSQL only: the refresh grant on one lean process, then on two (the second pinned to
 * the load generator's core, the only other one), the load split evenly over both, ROUNDS
 * times each, alternating.
 */
async function measureSecondLean(options: ServerOptions, first: RunningServer, load: LoadGenerator) {
  log(`one lean process against two (refresh grant; the second on core ${options.pinning.loadCore}, beside the load generator)`);
  const second = await startServer('lean', { ...options, port: SECOND_LEAN_PORT, pinning: { ...options.pinning, serverCore: options.pinning.loadCore } });
  const one: Measurement[] = [];
  const two: Measurement[] = [];
  try {
    const base = { origin: first.origin, target: 'lean' as Target, scenario: 'refresh_grant' as ScenarioName, connections: CONNECTIONS, serverPid: first.pid, ...storeOf('lean') };
    await load.run({ ...base, round: 0, moreServers: [{ origin: second.origin, pid: second.pid }], durationSeconds: WARMUP_FIRST, label: 'lean ×2 warm-up' });
    for (let round = 1; round <= ROUNDS; round++) {
      one.push(await load.run({ ...base, round, durationSeconds: DURATION, label: `lean ×1 refresh round ${round}` }));
      two.push(await load.run({ ...base, round, moreServers: [{ origin: second.origin, pid: second.pid }], durationSeconds: DURATION, label: `lean ×2 refresh round ${round}` }));
    }
  } finally {
    await second.kill();
  }
  return [
    { processes: 1, runs: one },
    { processes: 2, runs: two },
  ];
}

function formatScaling(scaling: { processes: number; runs: Measurement[] }[]): string {
  const lines = ['| lean processes | refresh grants/s | p50 ms | p99 ms | errors | CPU µs/req (Node.js + PostgreSQL) |', '| ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const { processes, runs } of scaling) {
    const s = summarize(runs);
    const range = (r: { median: number; min: number; max: number } | null) => (r ? `${Math.round(r.median).toLocaleString('en')} (${Math.round(r.min).toLocaleString('en')}–${Math.round(r.max).toLocaleString('en')})` : '—');
    lines.push(`| ${processes} | ${range(s.requestsPerSecond)} | ${s.p50Ms} | ${s.p99Ms} | ${s.errors} | ${range(s.cpuMicrosPerRequest)} |`);
  }
  return lines.join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
