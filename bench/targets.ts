// The targets, as ratios within one run (benchmark figures, never timed tests).
import type { RowKey, RowSpec } from './plan';
import type { Ratios, Summary } from './stats';

export interface RowResult {
  spec: RowSpec;
  summary: Summary;
  ratios: Ratios | null;
}

export interface Durability {
  acknowledged: number;
  missing: number;
}

export interface TargetCheck {
  row: RowKey | 'durability';
  target: string;
  measured: string;
  holds: boolean;
  /** The same ratio of the target's floor (bench/plan.ts FLOORS): if it misses, nothing durable and audited can hold. */
  floor?: { row: RowKey; measured: string; holds: boolean };
}

interface RatioTarget {
  row: RowKey;
  /** Our req/s ÷ the reference's, at least. */
  requestsPerSecondAtLeast?: number;
  /** Our CPU µs/request ÷ the reference's, at most. */
  cpuAtMost?: number;
  /** The least a durable, audited answer costs (bench/limit-server.ts), read against the same reference. */
  floor?: RowKey;
}

export const RATIO_TARGETS: RatioTarget[] = [
  { row: 'lean/refresh_grant', requestsPerSecondAtLeast: 1.5, cpuAtMost: 0.67, floor: 'limit/floor_rotation' },
  { row: 'lean/transactions_page', cpuAtMost: 1.3, floor: 'limit/floor_page' },
  { row: 'lean/accounts', cpuAtMost: 3, floor: 'limit/floor_fixed' },
  { row: 'lean/balances', cpuAtMost: 3, floor: 'limit/floor_fixed' },
];

/** p99 at most this many times p50 (50 connections), for every scenario. */
export const TAIL_FACTOR = 3;

const fmt = (n: number) => n.toFixed(2);
const keyOf = (spec: RowSpec): RowKey => `${spec.target}/${spec.scenario}`;

export function evaluateTargets(rows: RowResult[], durability: Record<string, Durability>): TargetCheck[] {
  const byKey = new Map(rows.map((row) => [keyOf(row.spec), row]));
  const checks: TargetCheck[] = [];
  for (const target of RATIO_TARGETS) {
    const row = byKey.get(target.row);
    if (!row) continue;
    const ref = row.spec.reference ?? 'its reference';
    const floorRow = target.floor ? byKey.get(target.floor) : undefined;
    const verdict = (ratioOf: (r: RowResult) => number | undefined, holds: (ratio: number) => boolean) => {
      const ratio = ratioOf(row);
      const floorRatio = floorRow ? ratioOf(floorRow) : undefined;
      return {
        measured: ratio === undefined ? 'not measured' : `${fmt(ratio)}×`,
        holds: ratio !== undefined && holds(ratio),
        ...(floorRow && floorRatio !== undefined ? { floor: { row: target.floor!, measured: `${fmt(floorRatio)}×`, holds: holds(floorRatio) } } : {}),
      };
    };
    if (target.requestsPerSecondAtLeast !== undefined) {
      const least = target.requestsPerSecondAtLeast;
      checks.push({ row: target.row, target: `req/s ≥ ${least}× ${ref}`, ...verdict((r) => r.ratios?.requestsPerSecond.median, (ratio) => ratio >= least) });
    }
    if (target.cpuAtMost !== undefined) {
      const most = target.cpuAtMost;
      checks.push({ row: target.row, target: `CPU µs/request ≤ ${most}× ${ref}`, ...verdict((r) => r.ratios?.cpuMicrosPerRequest?.median, (ratio) => ratio <= most) });
    }
  }
  for (const row of rows) {
    const { summary } = row;
    checks.push({ row: keyOf(row.spec), target: 'zero errors', measured: String(summary.errors), holds: summary.errors === 0 });
    checks.push({
      row: keyOf(row.spec),
      target: `p99 ≤ ${TAIL_FACTOR}× p50`,
      measured: `p50 ${fmt(summary.p50Ms)} ms, p99 ${fmt(summary.p99Ms)} ms (${fmt(summary.p99Ms / Math.max(summary.p50Ms, 1e-9))}×)`,
      holds: summary.p99Ms <= TAIL_FACTOR * summary.p50Ms,
    });
  }
  for (const [server, d] of Object.entries(durability)) {
    checks.push({
      row: 'durability',
      target: `${server}: every acknowledged refresh token in the database after SIGKILL`,
      measured: `${d.acknowledged - d.missing} of ${d.acknowledged}`,
      holds: d.missing === 0,
    });
  }
  return checks;
}
