// npm run bench: builds the benchmark database, starts the production Next.js server and
// the lean node:http server in turn, drives each from this process with autocannon over
// loopback, and writes bench/results/latest.json. Options: --quick (short runs),
// --reuse-db (keep the database of the last run), --reuse-build (keep .next-bench),
// --only=next|lean.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import { BENCH_BASE_MARKER, BENCH_DB, BENCH_SHAPE, benchDatabaseExists, buildBase, mintLinkages, type BenchLinkage } from './build-db';
import { runLoad, type Measurement } from './load';
import { checkDurability, printPlans } from './checks';
import { formatTable } from './report';
import { accountsScenario, balancesScenario, baselineScenario, refreshScenario, transactionsScenario, type Scenario } from './scenarios';
import { startServer, type ServerKind } from './servers';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const only = [...args].find((a) => a.startsWith('--only='))?.slice(7) as ServerKind | undefined;
const CONNECTIONS = 50;
const DURATION = quick ? 4 : 10;
const WARMUP = quick ? 2 : 3;
const PORTS: Record<ServerKind, number> = { next: Number(process.env.BENCH_NEXT_PORT || 3280), lean: Number(process.env.BENCH_LEAN_PORT || 3281) };
const DIST_DIR = '.next-bench';
const started = Date.now();

const log = (message: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

async function prepareDatabase(): Promise<BenchLinkage[]> {
  // A fresh database each run (about 20 s): the audit trail only grows (it is append-only),
  // and a run should not measure the rows its predecessors left.
  if (!args.has('--reuse-db') || !benchDatabaseExists()) {
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
  const linkages = mintLinkages(db, (message) => log(`  ${message}`));
  printPlans(db, log);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  return linkages;
}

function buildNext(): void {
  if (args.has('--reuse-build') && fs.existsSync(path.join(DIST_DIR, 'BUILD_ID'))) return log(`reusing ${DIST_DIR}`);
  log(`next build into ${DIST_DIR} (production build; takes a minute or two)…`);
  const result = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

type ServerResults = Record<string, Measurement & { ratioToBaseline: number }>;

async function measureServer(kind: ServerKind, scenarios: Scenario[]) {
  log(`starting the ${kind === 'next' ? 'Next.js production server (next start)' : 'lean node:http partner server'} on :${PORTS[kind]}`);
  const server = await startServer(kind, PORTS[kind], BENCH_DB, DIST_DIR);
  const results: ServerResults = {};
  try {
    for (const scenario of scenarios) {
      await runLoad(server.origin, scenario, { connections: CONNECTIONS, durationSeconds: WARMUP, label: `${kind}/${scenario.name} warm-up` });
      const cpuBefore = server.cpuSeconds();
      const measured = await runLoad(server.origin, scenario, { connections: CONNECTIONS, durationSeconds: DURATION, label: `${kind}/${scenario.name}` });
      measured.serverCpuMicrosPerRequest = Math.round(((server.cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, measured.requests));
      const baseline = results.baseline?.requestsPerSecond ?? measured.requestsPerSecond;
      results[scenario.name] = { ...measured, ratioToBaseline: Math.round((measured.requestsPerSecond / baseline) * 100) / 100 };
      log(
        `  ${kind}/${scenario.name}: ${measured.requestsPerSecond} req/s, p50 ${measured.p50Ms} ms, p99 ${measured.p99Ms} ms, ` +
          `errors ${measured.errors}, server CPU ${measured.serverCpuMicrosPerRequest} µs/request, load average ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
  } finally {
    // Killed, not asked to stop: the durability check below then reads what a crash leaves.
    await server.stop();
  }
  const durability = checkDurability(BENCH_DB, scenarios);
  log(`  ${kind}: ${durability.acknowledged} acknowledged refresh tokens, ${durability.missing} missing from the database after the kill`);
  return { results, durability };
}

async function main() {
  const linkages = await prepareDatabase();
  const servers: ServerKind[] = only ? [only] : ['next', 'lean'];
  if (servers.includes('next')) buildNext();
  // One set of scenarios for both servers: the refresh pool carries its rotated tokens over.
  const scenarios = [
    baselineScenario(),
    accountsScenario(linkages),
    balancesScenario(linkages),
    transactionsScenario(linkages),
    refreshScenario(linkages),
  ];
  const output: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverageAtStart: os.loadavg() },
    database: { companies: BENCH_SHAPE.companies, accounts: BENCH_SHAPE.companies * BENCH_SHAPE.accountsPerCompany, linkages: linkages.length },
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    servers: {} as Record<string, unknown>,
  };
  for (const kind of servers) (output.servers as Record<string, unknown>)[kind] = await measureServer(kind, scenarios);
  fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join('bench', 'results', 'latest.json'), `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\n${formatTable(output.servers as Record<string, { results: ServerResults }>)}`);
  log('written to bench/results/latest.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
