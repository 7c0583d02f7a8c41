import { describe, expect, it } from 'vitest';
import { cpuSecondsFromStat, median, pairedRatios, percentile, summarize, type Measurement } from './stats';

const run = (round: number, requestsPerSecond: number, cpu: number | null, extra: Partial<Measurement> = {}): Measurement => ({
  round,
  requestsPerSecond,
  p50Ms: 10,
  p99Ms: 20,
  errors: 0,
  requests: requestsPerSecond * 8,
  serverCpuMicrosPerRequest: cpu,
  loadAverage: 1,
  ...extra,
});

describe('benchmark statistics', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('reads percentiles by nearest rank from sorted latencies', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('summarizes rounds as median with min and max, and adds up their errors', () => {
    const summary = summarize([run(1, 900, 300), run(2, 1100, 250, { errors: 2 }), run(3, 1000, null)]);
    expect(summary.requestsPerSecond).toEqual({ median: 1000, min: 900, max: 1100 });
    expect(summary.cpuMicrosPerRequest).toEqual({ median: 275, min: 250, max: 300 });
    expect(summary.errors).toBe(2);
  });

  it('pairs each round with the reference measured in the same round', () => {
    const ours = [run(1, 3000, 200), run(2, 1500, 300), run(3, 2000, 220)];
    const reference = [run(2, 1000, 400), run(1, 2000, 400), run(3, 1000, 200)];
    const ratios = pairedRatios(ours, reference)!;
    expect(ratios.requestsPerSecond).toEqual({ median: 1.5, min: 1.5, max: 2 });
    expect(ratios.cpuMicrosPerRequest).toEqual({ median: 0.75, min: 0.5, max: 1.1 });
    expect(pairedRatios(ours, [])).toBeNull();
  });

  it('reads utime and stime from /proc/PID/stat, whatever the command name holds', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[11] = '250'; // utime (field 14)
    fields[12] = '50'; // stime (field 15)
    expect(cpuSecondsFromStat(`1234 (node (x) y) ${fields.join(' ')}`)).toBe(3);
  });
});
