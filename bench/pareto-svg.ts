/**
 * A small SVG scatter plot (accuracy vs simulated latency) for bench results: one colour per
 * series, vertical error bars, dashed vertical lines at the latency targets, a legend.
 */

/** One point: x, y, y error (± half-height of the bar). */
export interface ParetoPoint {
  x: number;
  y: number;
  yErr?: number;
}

/** Options of {@link paretoSvg}. */
export interface ParetoSvgOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ReadonlyArray<{ name: string; points: readonly ParetoPoint[] }>;
  /** Vertical reference lines (e.g. latency targets). */
  xLines?: readonly number[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#7f7f7f', '#9467bd', '#ff7f0e'];
const MARKERS = ['circle', 'square', 'diamond', 'triangle'] as const;

function marker(kind: (typeof MARKERS)[number], x: number, y: number, color: string): string {
  const r = 5;
  switch (kind) {
    case 'circle':
      return `<circle cx="${x}" cy="${y}" r="${r}" fill="${color}"/>`;
    case 'square':
      return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${color}"/>`;
    case 'diamond':
      return `<polygon points="${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}" fill="${color}"/>`;
    default:
      return `<polygon points="${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}" fill="${color}"/>`;
  }
}

/** The plot as an SVG document. */
export function paretoSvg(o: ParetoSvgOptions): string {
  const W = 640,
    H = 420,
    L = 70,
    R = 170,
    T = 40,
    B = 55;
  const pts = o.series.flatMap((s) => s.points);
  const xs = [...pts.map((p) => p.x), ...(o.xLines ?? [])];
  const ys = pts.flatMap((p) => [p.y - (p.yErr ?? 0), p.y + (p.yErr ?? 0)]);
  const pad = (lo: number, hi: number): [number, number] => {
    const d = hi - lo || Math.abs(hi) || 1;
    return [lo - 0.08 * d, hi + 0.08 * d];
  };
  const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
  const round = (v: number): number => Math.round(v * 10) / 10;
  const sx = (x: number): number => round(L + ((x - x0) / (x1 - x0)) * (W - L - R));
  const sy = (y: number): number => round(H - B - ((y - y0) / (y1 - y0)) * (H - T - B));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="22" font-size="14" font-weight="bold">${o.title}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const x = x0 + ((x1 - x0) * i) / 5;
    const y = y0 + ((y1 - y0) * i) / 5;
    out.push(`<text x="${sx(x)}" y="${H - B + 16}" text-anchor="middle">${x.toPrecision(3)}</text>`);
    out.push(`<text x="${L - 6}" y="${sy(y) + 4}" text-anchor="end">${y.toPrecision(3)}</text>`);
    out.push(`<line x1="${L}" y1="${sy(y)}" x2="${W - R}" y2="${sy(y)}" stroke="#eee"/>`);
  }
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">${o.xLabel}</text>`);
  out.push(`<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${o.yLabel}</text>`);
  for (const x of o.xLines ?? [])
    out.push(`<line x1="${sx(x)}" y1="${T}" x2="${sx(x)}" y2="${H - B}" stroke="#999" stroke-dasharray="4 3"/>`);
  o.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const kind = MARKERS[i % MARKERS.length]!;
    for (const p of s.points) {
      if (p.yErr) out.push(`<line x1="${sx(p.x)}" y1="${sy(p.y - p.yErr)}" x2="${sx(p.x)}" y2="${sy(p.y + p.yErr)}" stroke="${color}"/>`);
      out.push(marker(kind, sx(p.x), sy(p.y), color));
    }
    const ly = T + 10 + 20 * i;
    out.push(marker(kind, W - R + 20, ly, color), `<text x="${W - R + 32}" y="${ly + 4}">${s.name}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
