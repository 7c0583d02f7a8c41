// A bar chart drawn on the server as SVG: readable without JavaScript, and announced as one
// image with its title and description (the same numbers follow in a table for screen readers).
export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 16, right: 12, bottom: 28, left: 48 };

export function BarChart({ id, title, description, bars, tickEvery = 5 }: { id: string; title: string; description: string; bars: Bar[]; tickEvery?: number }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, bars.length);
  const y = (value: number) => PAD.top + plotH - (value / max) * plotH;
  return (
    <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full max-w-3xl rounded-lg bg-white ring-1 ring-slate-200">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke="#94a3b8" />
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max)} y2={y(max)} stroke="#e2e8f0" />
      <text x={PAD.left - 6} y={y(max) + 4} textAnchor="end" fontSize="11" fill="#475569">{max.toLocaleString('ja-JP')}</text>
      <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end" fontSize="11" fill="#475569">0</text>
      {bars.map((bar, i) => {
        const h = y(0) - y(bar.value);
        return (
          <g key={bar.label} data-bar={bar.label}>
            <rect x={PAD.left + i * step + step * 0.15} y={y(bar.value)} width={step * 0.7} height={h} fill="#1d4ed8" className="fill-brand-700" />
            {i % tickEvery === 0 || i === bars.length - 1 ? (
              <text x={PAD.left + i * step + step / 2} y={HEIGHT - 10} textAnchor="middle" fontSize="11" fill="#475569">{bar.label.slice(5).replace('-', '/')}</text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
