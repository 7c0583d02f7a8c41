// The table `npm run bench` prints (the same figures as bench/results/latest.json): every
// row with its median and min–max over the rounds, and its ratios to its peer or limit.
import { TARGET_LABELS } from './plan';
import type { Range } from './stats';
import type { RowResult, TargetCheck } from './targets';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const spread = (r: Range, f: (n: number) => string) => (r.min === r.max ? f(r.median) : `${f(r.median)} (${f(r.min)}–${f(r.max)})`);
const ratio = (r: Range | null | undefined) => (r ? spread(r, (n) => n.toFixed(2)) : '');
const ms = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(1));

export function formatTable(rows: RowResult[]): string {
  const header = ['server', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU µs/req', 'read against', 'req/s ×', 'CPU ×'];
  const cells = rows.map(({ spec, summary, ratios }) => [
    TARGET_LABELS[spec.target],
    spec.label,
    spread(summary.requestsPerSecond, int),
    ms(summary.p50Ms),
    ms(summary.p99Ms),
    String(summary.errors),
    summary.cpuMicrosPerRequest ? spread(summary.cpuMicrosPerRequest, int) : '',
    spec.reference ?? '',
    ratio(ratios?.requestsPerSecond),
    ratio(ratios?.cpuMicrosPerRequest),
  ]);
  const left = new Set([0, 1, 7]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => (left.has(i) ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (left.has(i) ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

export function formatTargets(checks: TargetCheck[]): string {
  const floor = (c: TargetCheck) =>
    c.floor ? ` (its floor ${c.floor.row}: ${c.floor.measured}${c.floor.holds ? '' : ', which misses it too: out of reach while every answer is durable and audited'})` : '';
  return checks.map((c) => `${c.holds ? 'holds' : 'MISSED'}  ${c.row}: ${c.target} — ${c.measured}${floor(c)}`).join('\n');
}
