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

/**
 * Feeds every ifmap and filter demand and every output write of the GEMM, in order, to the buffers.
 * A `null` read buffer skips that operand's stream (when its count is known without simulating).
 */
export function streamDemands(
  s: DemandShape,
  ifmap: WindowedReadBuffer | null,
  filter: WindowedReadBuffer | null,
  ofmap: DrainWriteBuffer,
): void {
  if (s.dataflow === 'os') streamOs(s, ifmap, filter, ofmap);
  else if (s.dataflow === 'ws') streamWs(s, ifmap, filter, ofmap);
  else streamIs(s, ifmap, filter, ofmap);
}

/**
 * Skewed (diagonal) order over a `len × used` block: cycle t = i + c, array line c ascending, for
 * element i of line c. The loops below walk it for each operand (written out, not via a callback,
 * as they run once per demanded word).
 */
function cRange(t: number, len: number, used: number): number {
  return t - len + 1 > 0 ? t - len + 1 : 0;
}

/** os: line c is output pixel p0 + c, element i is window index k. */
function ifmapDiagonalRows(l: IfmapLayout, p0: number, used: number, buf: WindowedReadBuffer): void {
  const { K, rowBase, colOffset } = l;
  const fast = l.padding === null;
  for (let t = 0; t < K + used - 1; t++) {
    const cHi = t < used - 1 ? t : used - 1;
    for (let c = cRange(t, K, used); c <= cHi; c++) {
      buf.access(fast ? rowBase[p0 + c]! + colOffset[t - c]! : ifmapAddress(l, p0 + c, t - c));
    }
  }
}

/** ws: line c is window index k0 + c, element i is output pixel p. */
function ifmapDiagonalCols(l: IfmapLayout, k0: number, used: number, buf: WindowedReadBuffer): void {
  const { P, rowBase, colOffset } = l;
  const fast = l.padding === null;
  for (let t = 0; t < P + used - 1; t++) {
    const cHi = t < used - 1 ? t : used - 1;
    for (let c = cRange(t, P, used); c <= cHi; c++) {
      buf.access(fast ? rowBase[t - c]! + colOffset[k0 + c]! : ifmapAddress(l, t - c, k0 + c));
    }
  }
}

/** Filter words `(base + c) · stride + i` over the diagonal of a `len × used` block. */
function filterDiagonal(len: number, used: number, base: number, lineStride: number, elemStride: number, buf: WindowedReadBuffer): void {
  for (let t = 0; t < len + used - 1; t++) {
    const cHi = t < used - 1 ? t : used - 1;
    for (let c = cRange(t, len, used); c <= cHi; c++) buf.access(base + c * lineStride + (t - c) * elemStride);
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

function streamOs(s: DemandShape, ifmap: WindowedReadBuffer | null, filter: WindowedReadBuffer | null, ofmap: DrainWriteBuffer): void {
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
      if (ifmap !== null) ifmapDiagonalRows(l, p0, ru, ifmap);
      // Column c streams filter m0 + c, window index k = element: word (m0 + c)·K + k.
      if (filter !== null) filterDiagonal(K, cu, m0 * K, K, 1, filter);
      // Output tile flipped (bottom row first, padding rows on top), after K − 1 cycles of streaming.
      writeSkewed(ofmap, fold * perFold, K - 1 + R - ru, K - 1 + R - 1, cu);
      fold++;
    }
  }
}

function streamWs(s: DemandShape, ifmap: WindowedReadBuffer | null, filter: WindowedReadBuffer | null, ofmap: DrainWriteBuffer): void {
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
      for (let r = ru - 1; r >= 0 && filter !== null; r--) {
        const k = k0 + r;
        for (let c = 0; c < cu; c++) filter.access((m0 + c) * K + k);
      }
      if (ifmap !== null) ifmapDiagonalCols(l, k0, ru, ifmap);
      writeSkewed(ofmap, fold * perFold, 2 * R - 1, 2 * R - 1 + P - 1, cu);
      fold++;
    }
  }
}

function streamIs(s: DemandShape, ifmap: WindowedReadBuffer | null, filter: WindowedReadBuffer | null, ofmap: DrainWriteBuffer): void {
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
      for (let r = ru - 1; r >= 0 && ifmap !== null; r--) {
        const k = k0 + r;
        for (let c = 0; c < cu; c++) ifmap.access(ifmapAddress(l, p0 + c, k));
      }
      // Row c streams window index k0 + c of filter m = element: word m·K + k0 + c.
      if (filter !== null) filterDiagonal(M, ru, k0, 1, K, filter);
      writeSkewed(ofmap, fold * perFold, 2 * R - 1, 2 * R - 1 + M - 1, cu);
      fold++;
    }
  }
}
