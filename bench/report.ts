// The table `npm run bench` prints (the same figures as bench/results/latest.json).
import type { Measurement } from './load';

type Results = Record<string, Measurement & { ratioToBaseline: number }>;

export function formatTable(servers: Record<string, { results: Results }>): string {
  const header = ['server', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', '× baseline', 'CPU µs/req'];
  const rows = Object.entries(servers).flatMap(([server, { results }]) =>
    Object.entries(results).map(([scenario, m]) => [
      server,
      scenario,
      m.requestsPerSecond.toLocaleString('en-US'),
      String(m.p50Ms),
      String(m.p99Ms),
      String(m.errors),
      m.ratioToBaseline.toFixed(2),
      String(m.serverCpuMicrosPerRequest ?? ''),
    ]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}
