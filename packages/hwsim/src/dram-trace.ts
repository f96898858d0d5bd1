/**
 * Trace-driven DRAM traffic of one GEMM on one array, as SCALE-Sim v2 counts it: the array's
 * operand demands (demand-order.ts), in SCALE-Sim's address layout (operand-layout.ts), run through
 * models of its double-buffered ifmap/filter read buffers (read-buffer.ts) and its ofmap write
 * buffer (write-buffer.ts). Reproduces SCALE-Sim's per-layer `dram_*` counts exactly for runs with
 * `InterfaceBandwidth: CALC` (test/dram-trace.test.ts).
 *
 * Cost is linear in the SRAM reads (one typed-array probe per demanded word); results are memoised
 * per (array, GEMM) so repeated layers and repeated estimates of one network cost a map look-up.
 */
import type { Machine } from './config.js';
import { streamDemands } from './demand-order.js';
import { convLayout, matmulLayout, type ConvGeometry, type IfmapLayout } from './operand-layout.js';
import { WindowedReadBuffer } from './read-buffer.js';
import { DrainWriteBuffer } from './write-buffer.js';

/** One array and its SRAM capacities (words). */
export type TraceArray = Pick<Machine, 'rows' | 'cols' | 'dataflow' | 'ifmapWords' | 'filterWords' | 'ofmapWords'>;

/** DRAM words moved by one GEMM on one array. */
export interface DramCounts {
  ifmapReads: number;
  filterReads: number;
  ofmapWrites: number;
}

/** The GEMM operand of a layer: a convolution (im2col) or a plain matmul. */
export type TraceOperand = ({ kind: 'conv' } & ConvGeometry) | { kind: 'matmul'; P: number; K: number };

const MEMO_LIMIT = 4096;
const memo = new Map<string, DramCounts>();

function keyOf(a: TraceArray, g: TraceOperand, M: number): string {
  const arr = `${a.rows},${a.cols},${a.dataflow},${a.ifmapWords},${a.filterWords},${a.ofmapWords},${M}`;
  return g.kind === 'matmul'
    ? `${arr}|m${g.P},${g.K}`
    : `${arr}|c${g.ifmapH},${g.ifmapW},${g.filterH},${g.filterW},${g.channels},${g.stride},${g.outH},${g.outW},${g.padding ?? 'valid'}`;
}

/**
 * Simulates the buffers over the GEMM's full demand stream (no memo). An operand with fewer
 * distinct words than a buffer window never closes one, so each word is read once: its stream is
 * skipped (same count, less work).
 */
export function simulateGemmDram(a: TraceArray, layout: IfmapLayout, M: number): DramCounts {
  const filterWords = layout.K * M;
  const fitsWindow = (distinct: number, sram: number): boolean => distinct < 50 * Math.floor(sram / 100);
  const ifmap = fitsWindow(layout.touched, a.ifmapWords) ? null : new WindowedReadBuffer(a.ifmapWords, layout.words);
  const filter = fitsWindow(filterWords, a.filterWords) ? null : new WindowedReadBuffer(a.filterWords, filterWords);
  const ofmap = new DrainWriteBuffer(a.ofmapWords, a.cols);
  streamDemands({ rows: a.rows, cols: a.cols, dataflow: a.dataflow, layout, M }, ifmap, filter, ofmap);
  return {
    ifmapReads: ifmap === null ? layout.touched : ifmap.misses,
    filterReads: filter === null ? filterWords : filter.misses,
    ofmapWrites: ofmap.finish(),
  };
}

/**
 * SCALE-Sim's DRAM counts for `[P × K] · [K × M]` on one array, where the `[P × K]` operand is
 * `g` (a convolution's im2col or a matmul's left operand). Memoised.
 */
export function traceGemmDram(a: TraceArray, g: TraceOperand, M: number): DramCounts {
  const key = keyOf(a, g, M);
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const layout = g.kind === 'matmul' ? matmulLayout(g.P, g.K) : convLayout(g);
  const counts = simulateGemmDram(a, layout, M);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(key, counts);
  return counts;
}

/** Empties the memo of {@link traceGemmDram} (for timing the simulation itself). */
export function clearDramTraceMemo(): void {
  memo.clear();
}
