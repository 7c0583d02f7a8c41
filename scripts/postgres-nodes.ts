// The PostgreSQL deployment in miniature, for e2e-postgres/ (playwright.postgres.config.ts):
// a PostgreSQL cluster of this run's own, the demo data seeded into it, and two Next.js app
// nodes and two lean partner-server nodes on it, each its own process. Writes what the specs
// need to data/pg-nodes-PORT/nodes.json; on SIGTERM/SIGINT stops the nodes and removes the
// cluster. The issuer (APP_ORIGIN) is app node A's origin on every node but app node B,
// which keeps its own so that a browser can submit its forms there (server actions accept
// only their own origin); a load balancer would give all nodes one origin.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { databaseUrl as databaseUrlOf, onMaintenanceDb, startPostgresCluster } from '../test/postgres-cluster';

const base = Number(process.env.PG_NODES_PORT || 3700);
const work = path.join('data', `pg-nodes-${base}`);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

const cluster = startPostgresCluster(base + 50);
const children: ChildProcess[] = [];
let stopping = false;
function stop(code: number): never {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  cluster.stop();
  process.exit(code);
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

await onMaintenanceDb(cluster.adminUrl, ['CREATE DATABASE tsunagu']);
const databaseUrl = databaseUrlOf(cluster.adminUrl, 'tsunagu');

const nodes = {
  appA: `http://localhost:${base}`,
  appB: `http://localhost:${base + 2}`,
  leanA: `http://localhost:${base + 1}`,
  leanB: `http://localhost:${base + 3}`,
};
const env: NodeJS.ProcessEnv & { NEXT_DIST_DIR: string } = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  APP_ORIGIN: nodes.appA,
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || '.next-e2e-3100',
  LOG_LEVEL: 'warn',
  // One test address for everything: the per-source login limit must not decide a test.
  LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  TOKEN_RATE_LIMIT_PER_CLIENT_BURST: '100000',
  TOKEN_RATE_LIMIT_PER_CLIENT: '100000',
  TOKEN_RATE_LIMIT_PER_IP_BURST: '100000',
  TOKEN_RATE_LIMIT_PER_IP: '100000',
};

if (!fs.existsSync(path.join(env.NEXT_DIST_DIR, 'BUILD_ID'))) {
  const built = spawnSync('node_modules/.bin/next', ['build'], { stdio: 'inherit', env });
  if (built.status !== 0) stop(1);
}
const seeded = spawnSync('node_modules/.bin/tsx', ['scripts/seed-demo.ts'], { stdio: 'inherit', env: { ...env, NODE_ENV: 'development' } });
if (seeded.status !== 0) stop(1);

function start(name: string, args: string[], extra: Record<string, string>): void {
  const log = fs.openSync(path.join(work, `${name}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...env, ...extra }, stdio: ['ignore', log, log] });
  child.on('exit', (code) => {
    if (stopping) return;
    console.error(`${name} exited (${code}); see ${work}/${name}.log`);
    stop(1);
  });
  children.push(child);
}
start('app-a', ['scripts/start.ts'], { PORT: String(base) });
start('app-b', ['scripts/start.ts'], { PORT: String(base + 2), APP_ORIGIN: nodes.appB });
start('lean-a', ['scripts/partner-server.ts'], { PARTNER_PORT: String(base + 1) });
start('lean-b', ['scripts/partner-server.ts'], { PARTNER_PORT: String(base + 3) });

for (const origin of Object.values(nodes)) {
  let up = false;
  for (let i = 0; i < 300 && !up; i++) {
    up = await fetch(`${origin}/readyz`).then((r) => r.ok, () => false);
    if (!up) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!up) {
    console.error(`${origin} did not become ready`);
    stop(1);
  }
}
fs.writeFileSync(path.join(work, 'nodes.json'), JSON.stringify({ ...nodes, databaseUrl }, null, 2));
console.log(`PostgreSQL nodes ready: ${Object.values(nodes).join(' ')}`);
// Playwright waits for this answer (all four nodes ready); the nodes run until it sends SIGTERM.
http.createServer((_request, response) => response.end('ready')).listen(base + 4, '127.0.0.1');
