// One autocannon run (inside the load generator's process, bench/load-worker.ts), reduced
// to the figures we report. Latencies are kept exactly (autocannon's own histogram rounds
// to whole milliseconds), and the server's CPU time is read around the run.
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import type { Scenario } from './scenarios';
import { processTreeCpuSeconds } from './process-cpu';
import { cpuSecondsFromStat, percentile, type Measurement } from './stats';

export interface RunRequest {
  origin: string;
  target: string;
  scenario: string;
  connections: number;
  durationSeconds: number;
  round: number;
  /** The server's process id, whose /proc/PID/stat gives its CPU time. */
  serverPid: number;
  /** More processes of the same server (the load is split evenly over `origin` and these). */
  moreServers?: { origin: string; pid: number }[];
  /** The PostgreSQL postmaster: its processes' CPU counts as the server's (--store=postgres). */
  storePid?: number;
  label: string;
}

/** The process's CPU time (every thread), or with `thread` that thread's alone. */
function cpuSecondsOf(pid: number, thread?: number): number | null {
  try {
    return cpuSecondsFromStat(fs.readFileSync(thread ? `/proc/${pid}/task/${thread}/stat` : `/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

function perRequest(before: number | null, after: number | null, requests: number): number | null {
  return before === null || after === null ? null : Math.round(((after - before) * 1e6) / Math.max(1, requests));
}

export async function runLoad(run: RunRequest, scenario: Scenario): Promise<Measurement> {
  const latencies: number[] = [];
  let elapsed = 0;
  const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
  const servers = [{ origin: run.origin, pid: run.serverPid }, ...(run.moreServers ?? [])];
  const serversCpu = () => servers.reduce<number | null>((sum, server) => {
    const cpu = cpuSecondsOf(server.pid);
    return sum === null || cpu === null ? null : sum + cpu;
  }, 0);
  const storeCpu = () => (run.storePid ? processTreeCpuSeconds(run.storePid) : 0);
  const cpuBefore = serversCpu();
  const storeBefore = storeCpu();
  const mainBefore = cpuSecondsOf(run.serverPid, run.serverPid);
  const startUs = monotonicUs();
  const results = await Promise.all(
    servers.map(
      (server, i) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          // Connections split evenly; the scenario's token pools are shared by all instances.
          const connections = Math.floor(run.connections / servers.length) + (i < run.connections % servers.length ? 1 : 0);
          const instance = autocannon(
            { url: server.origin, connections, duration: run.durationSeconds, requests: scenario.requests(run.target), timeout: 10 },
            (error, done) => (error ? reject(error) : resolve(done)),
          );
          instance.on('response', (_client, _status, _bytes, responseTime: number) => latencies.push(responseTime));
          if (i === 0)
            instance.on('tick', () => {
              elapsed += 1;
              process.stdout.write(`\r  ${run.label}: ${elapsed}/${run.durationSeconds} s, ${latencies.length.toLocaleString('en-US')} responses   `);
            });
        }),
    ),
  );
  const endUs = monotonicUs();
  const cpuAfter = serversCpu();
  const storeAfter = storeCpu();
  const mainAfter = cpuSecondsOf(run.serverPid, run.serverPid);
  const result = {
    duration: Math.max(...results.map((r) => r.duration)),
    requests: { total: results.reduce((sum, r) => sum + r.requests.total, 0) },
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    resets: results.reduce((sum, r) => sum + r.resets, 0),
  };
  const storeSeconds = storeAfter - storeBefore;
  process.stdout.write('\n');
  const sorted = Float64Array.from(latencies).sort();
  const requests = result.requests.total;
  return {
    round: run.round,
    requestsPerSecond: Math.round(requests / result.duration),
    p50Ms: Math.round(percentile(sorted, 50) * 100) / 100,
    p99Ms: Math.round(percentile(sorted, 99) * 100) / 100,
    errors: result.errors + result.timeouts + result.non2xx + result.resets,
    requests,
    serverCpuMicrosPerRequest: perRequest(cpuBefore, cpuAfter === null ? null : cpuAfter + storeSeconds, requests),
    ...(run.storePid ? { storeCpuMicrosPerRequest: perRequest(0, storeSeconds, requests) } : {}),
    mainThreadCpuMicrosPerRequest: perRequest(mainBefore, mainAfter, requests),
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    windowUs: [startUs, endUs],
  };
}
