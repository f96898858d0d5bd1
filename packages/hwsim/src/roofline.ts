/**
 * Roofline plot as an SVG string: the compute roof (peak of the arrays) and bandwidth roof (DRAM
 * GB/s × intensity) on log-log axes, and each op as a point at (operational intensity, attained
 * performance) from {@link estimate}.
 */
import { resolveAccelerator, type AcceleratorConfig } from './config.js';
import { estimate, type Estimate } from './estimate.js';
import type { Op } from './ops.js';

export interface RooflineOptions {
  width?: number;
  height?: number;
  title?: string;
  /** A precomputed estimate of the same ops (skips re-estimating). */
  estimate?: Estimate;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(v: number): string {
  return Number(v.toPrecision(3)).toString();
}

/** Renders the roofline of `ops` on `accelerator` (one `<circle class="op">` per op). */
export function roofline(accelerator: AcceleratorConfig, ops: readonly Op[], options: RooflineOptions = {}): string {
  const est = options.estimate ?? estimate(accelerator, ops);
  const W = options.width ?? 720;
  const H = options.height ?? 480;
  const m = { left: 80, right: 30, top: 40, bottom: 60 };
  const peak = est.totals.peakOpsPerSecond / 1e9; // GFLOP/s
  const machine = resolveAccelerator(accelerator);
  const bw = machine.dramGBps;
  const ridge = peak / bw;
  const points = est.layers.map((l) => {
    const seconds = Math.max(l.totalCycles, 1) / (machine.clockMHz * 1e6);
    return { name: l.name, oi: l.operationalIntensity, perf: l.flops / seconds / 1e9 };
  });
  const finiteOi = points.map((p) => p.oi).filter((v) => Number.isFinite(v) && v > 0);
  const xMin = Math.pow(10, Math.floor(Math.log10(Math.min(ridge, ...finiteOi) / 2)));
  const xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(ridge, ...finiteOi) * 2)));
  const perfs = points.map((p) => p.perf).filter((v) => v > 0);
  const yMax = Math.pow(10, Math.ceil(Math.log10(peak * 2)));
  const yMin = Math.pow(10, Math.floor(Math.log10(Math.min(bw * xMin, ...perfs) / 2)));
  const px = (x: number): number =>
    m.left + ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * (W - m.left - m.right);
  const py = (y: number): number =>
    H - m.bottom - ((Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (H - m.top - m.bottom);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<title>${esc(options.title ?? 'Roofline')}</title>`);
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(options.title ?? 'Roofline')}</text>`);
  // Axes and decade ticks.
  out.push(
    `<g class="axes" stroke="#000"><line x1="${m.left}" y1="${H - m.bottom}" x2="${W - m.right}" y2="${H - m.bottom}"/><line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${H - m.bottom}"/></g>`,
  );
  for (let x = xMin; x <= xMax * 1.0001; x *= 10) {
    out.push(
      `<line x1="${px(x)}" y1="${H - m.bottom}" x2="${px(x)}" y2="${H - m.bottom + 5}" stroke="#000"/><text x="${px(x)}" y="${H - m.bottom + 18}" text-anchor="middle">${fmt(x)}</text>`,
    );
  }
  for (let y = yMin; y <= yMax * 1.0001; y *= 10) {
    out.push(
      `<line x1="${m.left - 5}" y1="${py(y)}" x2="${m.left}" y2="${py(y)}" stroke="#000"/><text x="${m.left - 8}" y="${py(y) + 4}" text-anchor="end">${fmt(y)}</text>`,
    );
  }
  out.push(
    `<text class="x-label" x="${(m.left + W - m.right) / 2}" y="${H - 15}" text-anchor="middle">Operational intensity (FLOP/byte of DRAM traffic)</text>`,
  );
  out.push(
    `<text class="y-label" transform="translate(20 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">Attained performance (GFLOP/s)</text>`,
  );
  // Roofs: bandwidth up to the ridge, then compute.
  const bwStartX = Math.max(xMin, yMin / bw);
  out.push(
    `<polyline class="roof-bandwidth" fill="none" stroke="#c33" stroke-width="2" points="${px(bwStartX)},${py(bw * bwStartX)} ${px(ridge)},${py(peak)}"><title>bandwidth roof ${fmt(bw)} GB/s</title></polyline>`,
  );
  out.push(
    `<polyline class="roof-compute" fill="none" stroke="#33c" stroke-width="2" points="${px(ridge)},${py(peak)} ${px(xMax)},${py(peak)}"><title>compute roof ${fmt(peak)} GFLOP/s</title></polyline>`,
  );
  out.push(`<text x="${px(xMax) - 4}" y="${py(peak) - 6}" text-anchor="end">peak ${fmt(peak)} GFLOP/s, ridge ${fmt(ridge)} FLOP/B</text>`);
  // Ops.
  out.push('<g class="ops" fill="#2a2" fill-opacity="0.7">');
  for (const p of points) {
    const x = Number.isFinite(p.oi) && p.oi > 0 ? p.oi : xMax;
    const y = Math.max(p.perf, yMin);
    out.push(
      `<circle class="op" cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="4"><title>${esc(p.name)}: ${fmt(p.oi)} FLOP/B, ${fmt(p.perf)} GFLOP/s</title></circle>`,
    );
  }
  out.push('</g></svg>');
  return out.join('\n');
}
