// Drives one scenario with autocannon from this process (the servers run in their own),
// printing progress every second, and reduces the result to the figures we report.
import autocannon from 'autocannon';
import type { Scenario } from './scenarios';

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
  /** Server CPU time per request: the figure that the machine's other load does not move. */
  serverCpuMicrosPerRequest?: number;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  label: string;
}

export async function runLoad(origin: string, scenario: Scenario, options: LoadOptions): Promise<Measurement> {
  let elapsed = 0;
  let completed = 0;
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    { url: origin, connections: options.connections, duration: options.durationSeconds, requests: scenario.requests, timeout: 10 },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  instance.on('response', () => {
    completed += 1;
  });
  instance.on('tick', () => {
    elapsed += 1;
    process.stdout.write(`\r  ${options.label}: ${elapsed}/${options.durationSeconds} s, ${completed.toLocaleString('en-US')} responses   `);
  });
  const result = await done;
  process.stdout.write('\n');
  const errors = result.errors + result.timeouts + result.non2xx + result.resets;
  return {
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors,
    requests: result.requests.total,
  };
}
