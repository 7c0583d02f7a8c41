// Starts what the benchmark measures, each as one process pinned to the servers' core: our
// Next.js production server (scripts/start.ts) and lean node:http server on the benchmark
// database, the peer (node-oidc-provider, bench/peer-server.ts) and the limits
// (bench/limit-server.ts). Only one of them is under load at a time.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Target } from './plan';
import { pinnedNode, type Pinning } from './pinning';

export interface RunningServer {
  target: Target;
  origin: string;
  pid: number;
  /** SIGKILL, like a crash: what the durability check then finds is what survives one. */
  kill: () => Promise<void>;
  /** SIGTERM, and wait for the exit (a --cpu-prof profile is written then). */
  terminate: () => Promise<void>;
}

export interface ServerOptions {
  pinning: Pinning;
  port: number;
  databasePath: string;
  /** --store=postgres: our servers run on this database instead (the peer and the limits never touch a store of ours). */
  databaseUrl?: string;
  distDir: string;
  peerTokensFile: string;
  pageSql: string;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
}

/** The issuer a bench server is configured with; DPoP proofs name it in `htu`, client assertions in `aud`. */
export const publicOriginFor = (port: number | string) => `http://localhost:${port}`;

export function serverEnv(databasePath: string, port: number): NodeJS.ProcessEnv {
  const unlimited = '1000000000';
  return {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_PATH: databasePath,
    APP_ORIGIN: publicOriginFor(port),
    BENCH_BASELINE: '1',
    // The benchmark measures throughput, not the limits: raise every one of them.
    API_RATE_LIMIT_BURST: unlimited,
    API_RATE_LIMIT_PER_SECOND: unlimited,
    TOKEN_RATE_LIMIT_PER_CLIENT_BURST: unlimited,
    TOKEN_RATE_LIMIT_PER_CLIENT: unlimited,
    TOKEN_RATE_LIMIT_PER_IP_BURST: unlimited,
    TOKEN_RATE_LIMIT_PER_IP: unlimited,
  };
}

const READY_PATH: Record<Target, string> = {
  next: '/api/v1/bench-baseline',
  lean: '/api/v1/bench-baseline',
  peer: '/.well-known/openid-configuration',
  limit: '/fixed',
};

function commandFor(target: Target, options: ServerOptions): { script: string; env: NodeJS.ProcessEnv } {
  const env = { ...serverEnv(options.databasePath, options.port), ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}) };
  switch (target) {
    case 'next':
      return { script: 'scripts/start.ts', env: { ...env, NEXT_DIST_DIR: options.distDir, PORT: String(options.port) } };
    case 'lean':
      return { script: 'scripts/partner-server.ts', env: { ...env, PARTNER_PORT: String(options.port) } };
    case 'peer':
      return { script: 'bench/peer-server.ts', env: { ...process.env, PORT: String(options.port), PEER_TOKENS_FILE: options.peerTokensFile } };
    case 'limit':
      return { script: 'bench/limit-server.ts', env: { ...process.env, PORT: String(options.port), DATABASE_PATH: options.databasePath, BENCH_PAGE_SQL: options.pageSql } };
  }
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready`);
}

export async function startServer(target: Target, options: ServerOptions): Promise<RunningServer> {
  const { script, env } = commandFor(target, options);
  const [command, args] = pinnedNode(options.pinning, options.pinning.serverCore, [...(options.nodeFlags ?? []), '--import', 'tsx', script]);
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    return exited;
  };
  const origin = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilReady(`${origin}${READY_PATH[target]}`, child);
  } catch (error) {
    await signal('SIGKILL')();
    throw error;
  }
  return { target, origin, pid: child.pid!, kill: signal('SIGKILL'), terminate: signal('SIGTERM') };
}
