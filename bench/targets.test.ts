import { describe, expect, it } from 'vitest';
import type { RowSpec } from './plan';
import type { Summary } from './stats';
import { evaluateTargets, type RowResult } from './targets';

const summary = (p50Ms: number, p99Ms: number, errors = 0): Summary => ({
  rounds: 3,
  requestsPerSecond: { median: 1000, min: 1000, max: 1000 },
  cpuMicrosPerRequest: { median: 300, min: 300, max: 300 },
  p50Ms,
  p99Ms,
  errors,
  loadAverage: { median: 1, min: 1, max: 1 },
});

const row = (spec: RowSpec, rps: number | null, cpu: number | null, s = summary(10, 20)): RowResult => ({
  spec,
  summary: s,
  ratios: rps === null ? null : { requestsPerSecond: { median: rps, min: rps, max: rps }, cpuMicrosPerRequest: cpu === null ? null : { median: cpu, min: cpu, max: cpu } },
});

const refresh: RowSpec = { target: 'lean', scenario: 'refresh_grant', label: 'refresh', reference: 'peer/refresh_grant' };
const page: RowSpec = { target: 'lean', scenario: 'transactions_page', label: 'page', reference: 'limit/plain_page' };

const verdict = (checks: ReturnType<typeof evaluateTargets>, row: string, start: string) => checks.find((c) => c.row === row && c.target.startsWith(start))?.holds;

describe('benchmark targets', () => {
  it('holds the refresh grant to 1.5x the peer req/s and 0.67x its CPU, each on its own', () => {
    const met = evaluateTargets([row(refresh, 1.6, 0.6)], {});
    expect(verdict(met, 'lean/refresh_grant', 'req/s')).toBe(true);
    expect(verdict(met, 'lean/refresh_grant', 'CPU')).toBe(true);
    const slow = evaluateTargets([row(refresh, 1.4, 0.7)], {});
    expect(verdict(slow, 'lean/refresh_grant', 'req/s')).toBe(false);
    expect(verdict(slow, 'lean/refresh_grant', 'CPU')).toBe(false);
  });

  it("reads each target's floor against the same reference and bound", () => {
    const floor: RowSpec = { target: 'limit', scenario: 'floor_page', label: 'floor', reference: 'limit/plain_page' };
    const checks = evaluateTargets([row(page, 0.4, 2.5), row(floor, 0.7, 1.4)], {});
    const cpu = checks.find((c) => c.row === 'lean/transactions_page' && c.target.startsWith('CPU'))!;
    expect(cpu.holds).toBe(false);
    expect(cpu.floor).toEqual({ row: 'limit/floor_page', measured: '1.40×', holds: false });
    const reachable = evaluateTargets([row(page, 0.4, 2.5), row(floor, 0.9, 1.1)], {}).find((c) => c.row === 'lean/transactions_page' && c.target.startsWith('CPU'))!;
    expect(reachable.floor?.holds).toBe(true);
    expect(evaluateTargets([row(page, 0.4, 2.5)], {}).find((c) => c.target.startsWith('CPU'))!.floor).toBeUndefined();
  });

  it('counts a ratio that was not measured as missed', () => {
    expect(verdict(evaluateTargets([row(page, null, null)], {}), 'lean/transactions_page', 'CPU')).toBe(false);
  });

  it('requires zero errors and p99 within three times p50 of every row', () => {
    const checks = evaluateTargets([row(page, 1, 1.2, summary(10, 31, 1))], {});
    expect(verdict(checks, 'lean/transactions_page', 'zero errors')).toBe(false);
    expect(verdict(checks, 'lean/transactions_page', 'p99')).toBe(false);
    expect(verdict(evaluateTargets([row(page, 1, 1.2, summary(10, 30))], {}), 'lean/transactions_page', 'p99')).toBe(true);
  });

  it('misses durability when one acknowledged token is not in the database', () => {
    const checks = evaluateTargets([], { lean: { acknowledged: 10, missing: 1 }, next: { acknowledged: 5, missing: 0 } });
    expect(checks.map((c) => c.holds)).toEqual([false, true]);
  });
});
