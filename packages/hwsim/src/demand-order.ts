/**
 * The order in which a systolic array demands its operands — SCALE-Sim v2's demand matrices, one
 * row per cycle, walked row by row and left to right — fed straight into the buffer models instead
 * of being materialised. Folds run column fold outer, row fold inner; within a fold:
 *
 * | dataflow | ifmap demand                                   | filter demand                                  | ofmap writes per cycle              |
 * |----------|------------------------------------------------|------------------------------------------------|-------------------------------------|
 * | os       | skewed: cycle t, array row c needs (p₀+c, t−c)  | skewed: cycle t, column c needs (t−c, m₀+c)     | skewed rows of the output tile after K−1 cycles, bottom row first |
 * | ws       | R idle cycles, then skewed: (t−c, k₀+c)         | R cycles, last filter row first, then idle     | skewed P rows after 2R−1 cycles     |
 * | is       | R cycles, last window row first, then idle     | R idle cycles, then skewed: (k₀+c, t−c)         | skewed M rows after 2R−1 cycles     |
 *
 * (p: output pixel, k: window index, m: filter; p₀, k₀, m₀: the fold's first.) Only the order of
 * the words and the cycle of each output matter to the buffers, so idle cycles and padding are
 * skipped; cycles are counted as SCALE-Sim does (`perFold` per fold, from 0).
 */
import type { Dataflow } from './config.js';
import { ifmapAddress, type IfmapLayout } from './operand-layout.js';
import type { WindowedReadBuffer } from './read-buffer.js';
import type { DrainWriteBuffer } from './write-buffer.js';

/** The array and the GEMM `[P × K] · [K × M]` (P, K from the layout). */
export interface DemandShape {
  rows: number;
  cols: number;
  dataflow: Dataflow;
  layout: IfmapLayout;
  M: number;
}

/** Feeds every ifmap and filter demand and every output write of the GEMM, in order, to the buffers. */
export function streamDemands(s: DemandShape, ifmap: WindowedReadBuffer, filter: WindowedReadBuffer, ofmap: DrainWriteBuffer): void {
  if (s.dataflow === 'os') streamOs(s, ifmap, filter, ofmap);
  else if (s.dataflow === 'ws') streamWs(s, ifmap, filter, ofmap);
  else streamIs(s, ifmap, filter, ofmap);
}

/** ifmap (p, k) for p in [p0, p0+n) — one row of the demand, or one diagonal step. */
function ifmapAt(l: IfmapLayout, p: number, k: number): number {
  return l.padding === null ? l.rowBase[p]! + l.colOffset[k]! : ifmapAddress(l, p, k);
}

/**
 * Skewed (diagonal) order over a `len × used` block: cycle t = i + c, array line c ascending, for
 * element i of line c. Calls `visit(i, c)`.
 */
function diagonal(len: number, used: number, visit: (i: number, c: number) => void): void {
  for (let t = 0; t < len + used - 1; t++) {
    const cLo = t - len + 1 > 0 ? t - len + 1 : 0;
    const cHi = t < used - 1 ? t : used - 1;
    for (let c = cLo; c <= cHi; c++) visit(t - c, c);
  }
}

/**
 * Output writes of a fold whose outputs enter the skew as block rows `lo..hi` (pre-skew cycle
 * index) on `used` columns: in cycle t, the columns c with lo ≤ t − c ≤ hi write one word each.
 */
function writeSkewed(ofmap: DrainWriteBuffer, base: number, lo: number, hi: number, used: number): void {
  for (let t = lo; t <= hi + used - 1; t++) {
    const cLo = t - hi > 0 ? t - hi : 0;
    const cHi = t - lo < used - 1 ? t - lo : used - 1;
    if (cHi >= cLo) ofmap.write(base + t, cHi - cLo + 1);
  }
}

function streamOs(s: DemandShape, ifmap: WindowedReadBuffer, filter: WindowedReadBuffer, ofmap: DrainWriteBuffer): void {
  const { rows: R, cols: C, layout: l, M } = s;
  const { P, K } = l;
  const rowFolds = Math.ceil(P / R);
  const colFolds = Math.ceil(M / C);
  const perFold = K + R + C - 2;
  let fold = 0;
  for (let fc = 0; fc < colFolds; fc++) {
    const m0 = fc * C;
    const cu = Math.min(C, M - m0);
    for (let fr = 0; fr < rowFolds; fr++) {
      const p0 = fr * R;
      const ru = Math.min(R, P - p0);
      diagonal(K, ru, (k, c) => ifmap.access(ifmapAt(l, p0 + c, k)));
      diagonal(K, cu, (k, c) => filter.access((m0 + c) * K + k));
      // Output tile flipped (bottom row first, padding rows on top), after K − 1 cycles of streaming.
      writeSkewed(ofmap, fold * perFold, K - 1 + R - ru, K - 1 + R - 1, cu);
      fold++;
    }
  }
}

function streamWs(s: DemandShape, ifmap: WindowedReadBuffer, filter: WindowedReadBuffer, ofmap: DrainWriteBuffer): void {
  const { rows: R, cols: C, layout: l, M } = s;
  const { P, K } = l;
  const rowFolds = Math.ceil(K / R);
  const colFolds = Math.ceil(M / C);
  const perFold = 2 * R + C + P - 2;
  let fold = 0;
  for (let fc = 0; fc < colFolds; fc++) {
    const m0 = fc * C;
    const cu = Math.min(C, M - m0);
    for (let fr = 0; fr < rowFolds; fr++) {
      const k0 = fr * R;
      const ru = Math.min(R, K - k0);
      // Weights load over R cycles, bottom (last) row first.
      for (let r = ru - 1; r >= 0; r--) {
        const k = k0 + r;
        for (let c = 0; c < cu; c++) filter.access((m0 + c) * K + k);
      }
      diagonal(P, ru, (p, c) => ifmap.access(ifmapAt(l, p, k0 + c)));
      writeSkewed(ofmap, fold * perFold, 2 * R - 1, 2 * R - 1 + P - 1, cu);
      fold++;
    }
  }
}

function streamIs(s: DemandShape, ifmap: WindowedReadBuffer, filter: WindowedReadBuffer, ofmap: DrainWriteBuffer): void {
  const { rows: R, cols: C, layout: l, M } = s;
  const { P, K } = l;
  const rowFolds = Math.ceil(K / R);
  const colFolds = Math.ceil(P / C);
  const perFold = 2 * R + C + M - 2;
  let fold = 0;
  for (let fc = 0; fc < colFolds; fc++) {
    const p0 = fc * C;
    const cu = Math.min(C, P - p0);
    for (let fr = 0; fr < rowFolds; fr++) {
      const k0 = fr * R;
      const ru = Math.min(R, K - k0);
      // Inputs load over R cycles, last window row first.
      for (let r = ru - 1; r >= 0; r--) {
        const k = k0 + r;
        for (let c = 0; c < cu; c++) ifmap.access(ifmapAt(l, p0 + c, k));
      }
      diagonal(M, ru, (m, c) => filter.access(m * K + k0 + c));
      writeSkewed(ofmap, fold * perFold, 2 * R - 1, 2 * R - 1 + M - 1, cu);
      fold++;
    }
  }
}
