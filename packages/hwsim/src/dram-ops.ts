/**
 * Trace-mode DRAM traffic of an op on the arrays (`estimate(acc, ops, { dram: 'trace' })`): the op
 * is mapped to GEMMs exactly as `estimate` maps it for cycles (README "Op mapping"), and each
 * distinct per-array GEMM is run through the SCALE-Sim buffer models (dram-trace.ts).
 *
 * - `conv2d` (groups 1) / `matmul`: filters split over the arrays (⌈M/n⌉ on `M mod n` arrays,
 *   ⌊M/n⌋ on the rest). Filter reads and ofmap writes add up over arrays; the ifmap is broadcast,
 *   so DRAM delivers it as often as the most demanding array needs it (the max over arrays).
 * - grouped `conv2d`: every group is a convolution of `C/g` channels and `M/g` filters with its own
 *   ifmap channels; counts add up over groups.
 * - `depthwise` without a vector unit (SCALE-Sim's one-filter convolution over all channels):
 *   channels split over the arrays, each array a convolution of its channels × `multiplier`
 *   filters; counts add up.
 */
import type { Machine } from './config.js';
import { traceGemmDram, type DramCounts, type TraceArray, type TraceOperand } from './dram-trace.js';
import type { Op } from './ops.js';
import { outSize } from './validate-ops.js';

function arrayOf(m: Machine): TraceArray {
  return {
    rows: m.rows,
    cols: m.cols,
    dataflow: m.dataflow,
    ifmapWords: m.ifmapWords,
    filterWords: m.filterWords,
    ofmapWords: m.ofmapWords,
  };
}

/** Splits `total` over `n` arrays: `r` arrays get `q + 1`, the others `q`. */
function shares(total: number, n: number): { q: number; r: number } {
  const q = Math.floor(total / n);
  return { q, r: total - q * n };
}

/** Filters split over arrays, ifmap broadcast. */
function splitFilters(a: TraceArray, n: number, g: TraceOperand, M: number): DramCounts {
  const { q, r } = shares(M, n);
  const out: DramCounts = { ifmapReads: 0, filterReads: 0, ofmapWrites: 0 };
  const add = (share: number, arrays: number): void => {
    if (share === 0 || arrays === 0) return;
    const c = traceGemmDram(a, g, share);
    out.ifmapReads = Math.max(out.ifmapReads, c.ifmapReads);
    out.filterReads += arrays * c.filterReads;
    out.ofmapWrites += arrays * c.ofmapWrites;
  };
  add(q + 1, r);
  add(q, n - r);
  return out;
}

/**
 * SCALE-Sim-style DRAM counts of an op that runs on the arrays, or `null` for ops that run on the
 * vector unit (those read their inputs and write their outputs once).
 */
export function traceOpDram(op: Op, m: Machine): DramCounts | null {
  const a = arrayOf(m);
  switch (op.kind) {
    case 'conv2d': {
      const outH = outSize(op.ifmapH, op.filterH, op.stride, op.padding);
      const outW = outSize(op.ifmapW, op.filterW, op.stride, op.padding);
      const groups = op.groups ?? 1;
      const geom: TraceOperand = {
        kind: 'conv',
        ifmapH: op.ifmapH,
        ifmapW: op.ifmapW,
        filterH: op.filterH,
        filterW: op.filterW,
        channels: op.channels / groups,
        stride: op.stride,
        outH,
        outW,
        padding: op.padding,
      };
      if (groups === 1) return splitFilters(a, m.arrays, geom, op.numFilters);
      const c = traceGemmDram(a, geom, op.numFilters / groups);
      return { ifmapReads: groups * c.ifmapReads, filterReads: groups * c.filterReads, ofmapWrites: groups * c.ofmapWrites };
    }
    case 'matmul':
      return splitFilters(a, m.arrays, { kind: 'matmul', P: op.m, K: op.k }, op.n);
    case 'depthwise': {
      if (m.vectorLanes > 0) return null;
      const outH = outSize(op.ifmapH, op.filterH, op.stride, op.padding);
      const outW = outSize(op.ifmapW, op.filterW, op.stride, op.padding);
      const { q, r } = shares(op.channels, m.arrays);
      const out: DramCounts = { ifmapReads: 0, filterReads: 0, ofmapWrites: 0 };
      const add = (share: number, arrays: number): void => {
        if (share === 0 || arrays === 0) return;
        const geom: TraceOperand = {
          kind: 'conv',
          ifmapH: op.ifmapH,
          ifmapW: op.ifmapW,
          filterH: op.filterH,
          filterW: op.filterW,
          channels: share,
          stride: op.stride,
          outH,
          outW,
          padding: op.padding,
        };
        const c = traceGemmDram(a, geom, op.multiplier ?? 1);
        out.ifmapReads += arrays * c.ifmapReads;
        out.filterReads += arrays * c.filterReads;
        out.ofmapWrites += arrays * c.ofmapWrites;
      };
      add(q + 1, r);
      add(q, m.arrays - r);
      return out;
    }
    default:
      return null;
  }
}
