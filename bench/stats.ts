// Reducing repeated runs to what the table shows: the median with its min–max, and ratios
// to the peer or limit taken round by round (each pair was measured minutes apart at most,
// under the same background load), then reduced the same way.

export interface Range {
  median: number;
  min: number;
  max: number;
}

/** One measured run of one scenario against one server. */
export interface Measurement {
  round: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
  /** CPU time (user + system, every thread) the server process used per request. */
  serverCpuMicrosPerRequest: number | null;
  /** Of serverCpuMicrosPerRequest, what the PostgreSQL processes used (--store=postgres only). */
  storeCpuMicrosPerRequest?: number | null;
  /** The same for the main thread alone (the rest: checkpoint worker, thread pool, GC helpers). */
  mainThreadCpuMicrosPerRequest?: number | null;
  /** 1-minute load average at the end of the run. */
  loadAverage: number;
  /** Runs repeated because none of their requests completed. */
  retries?: number;
  /** The run's start and end on the monotonic clock (µs), as V8's profiler stamps samples. */
  windowUs?: [number, number];
}

export interface Summary {
  rounds: number;
  requestsPerSecond: Range;
  cpuMicrosPerRequest: Range | null;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  loadAverage: Range;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function range(values: number[]): Range {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Latency percentile (nearest rank) of response times in milliseconds. */
export function percentile(sortedMs: Float64Array | number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const rank = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[rank]!;
}

export function summarize(runs: Measurement[]): Summary {
  const cpu = runs.map((r) => r.serverCpuMicrosPerRequest).filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    rounds: runs.length,
    requestsPerSecond: range(runs.map((r) => r.requestsPerSecond)),
    cpuMicrosPerRequest: cpu.length ? range(cpu) : null,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    loadAverage: range(runs.map((r) => r.loadAverage)),
  };
}

export interface Ratios {
  /** Ours ÷ reference, per round, reduced to median and min–max. */
  requestsPerSecond: Range;
  cpuMicrosPerRequest: Range | null;
}

/** Ratios of the runs of one round to the reference's run of the same round. */
export function pairedRatios(ours: Measurement[], reference: Measurement[]): Ratios | null {
  const byRound = new Map(reference.map((r) => [r.round, r]));
  const pairs = ours.flatMap((o) => {
    const ref = byRound.get(o.round);
    return ref ? [{ o, ref }] : [];
  });
  if (pairs.length === 0) return null;
  const cpu = pairs.flatMap(({ o, ref }) =>
    o.serverCpuMicrosPerRequest && ref.serverCpuMicrosPerRequest ? [o.serverCpuMicrosPerRequest / ref.serverCpuMicrosPerRequest] : [],
  );
  return {
    requestsPerSecond: range(pairs.map(({ o, ref }) => o.requestsPerSecond / ref.requestsPerSecond)),
    cpuMicrosPerRequest: cpu.length ? range(cpu) : null,
  };
}

/** CPU seconds (utime + stime of every thread) from the text of /proc/PID/stat. */
export function cpuSecondsFromStat(stat: string, clockTicksPerSecond = 100): number {
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of proc(5); fields[0] here is field 3.
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}
