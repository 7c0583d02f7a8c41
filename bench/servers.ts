// Starts the two ways of serving the partner API on the benchmark database: the Next.js
// production server (scripts/start.ts) and the lean node:http server. One at a time, so that
// they never share the two cores.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export type ServerKind = 'next' | 'lean';

export interface RunningServer {
  kind: ServerKind;
  origin: string;
  /** CPU seconds (user + system) the server process has used so far; NaN where /proc is missing. */
  cpuSeconds: () => number;
  stop: () => Promise<void>;
}

/** Both servers run as one process each (the Next.js app runs inside scripts/start.ts). */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export function serverEnv(databasePath: string, port: number): NodeJS.ProcessEnv {
  const unlimited = '1000000000';
  return {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_PATH: databasePath,
    APP_ORIGIN: `http://localhost:${port}`,
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

async function waitUntilReady(origin: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${origin}/api/v1/bench-baseline`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server at ${origin} did not become ready`);
}

export async function startServer(kind: ServerKind, port: number, databasePath: string, distDir: string): Promise<RunningServer> {
  const env = serverEnv(databasePath, port);
  const child =
    kind === 'next'
      ? spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
          env: { ...env, NEXT_DIST_DIR: distDir, PORT: String(port) },
          stdio: ['ignore', 'ignore', 'inherit'],
        })
      : spawn(process.execPath, ['--import', 'tsx', 'scripts/partner-server.ts'], {
          env: { ...env, PARTNER_PORT: String(port) },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
  const origin = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      // A kill, like a crash: what the durability check then finds is what survives one.
      child.kill('SIGKILL');
    });
  try {
    await waitUntilReady(origin, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { kind, origin, stop, cpuSeconds: () => cpuSecondsOf(child.pid!) };
}
