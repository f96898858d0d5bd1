/**
 * Closed forms of how a convolution, seen as a GEMM, folds onto a systolic array — the cycle and
 * SRAM-access counts of SCALE-Sim v2 (Samajdar et al., "A Systematic Methodology for Characterizing
 * Scalability of DNN Accelerators using SCALE-Sim", ISPASS 2020), derived from its published
 * description and checked layer by layer against its per-layer reports (test/fidelity.test.ts).
 *
 * A convolution with `P = E·F` output pixels, window `K = R·S·C` and `M` filters is the product of
 * an ifmap operand `[P × K]` (im2col) and a filter operand `[K × M]`. Each dataflow puts two of the
 * three dimensions on the array (rows × cols) and streams the third (T) in time:
 *
 * | dataflow | rows (Sr) | cols (Sc) | time (T) | cycles per fold       |
 * |----------|-----------|-----------|----------|-----------------------|
 * | os       | P         | M         | K        | T + R + C − 2         |
 * | ws       | K         | M         | P        | 2R + C + T − 2        |
 * | is       | K         | P         | M        | 2R + C + T − 2        |
 *
 * with `folds = ceil(Sr/R) · ceil(Sc/C)` and `cycles = folds · perFold − 1` (SCALE-Sim reports the
 * index of the last busy cycle). The per-fold terms are the pipeline fill (skew) and drain: OS fills
 * the operands over R − 1 and C − 1 cycles and drains outputs; WS/IS also preload the stationary
 * operand over R cycles. SRAM accesses count every operand word delivered to the array edge:
 *
 * | dataflow | ifmap reads        | filter reads       | ofmap writes                       |
 * |----------|--------------------|--------------------|------------------------------------|
 * | os       | colFolds · P·K     | rowFolds · K·M     | P·M + folds · (R + C)              |
 * | ws       | colFolds · P·K     | K·M                | rowFolds · P·M                     |
 * | is       | P·K                | colFolds · K·M     | rowFolds · P·M                     |
 *
 * (the `folds · (R + C)` term is SCALE-Sim's count of the drained output rows/columns per fold.)
 */
import type { Dataflow } from './config.js';

/** What one GEMM costs on one array; written into a caller-owned object (no allocation). */
export interface FoldCost {
  /** Folds times cycles per fold (SCALE-Sim's total cycles + 1). */
  cycleSpan: number;
  folds: number;
  rowFolds: number;
  colFolds: number;
  sramIfmapReads: number;
  sramFilterReads: number;
  sramOfmapWrites: number;
  /** Σ over folds of used PEs / all PEs (divide by `folds` for SCALE-Sim's mapping efficiency). */
  mappingSum: number;
  /** Σ over folds of MAC cycles / (PEs · fold cycles) (divide by `folds` for SCALE-Sim's compute util). */
  computeUtilSum: number;
  dramIfmapReads: number;
  dramFilterReads: number;
  dramOfmapWrites: number;
}

/** A zeroed {@link FoldCost}. */
export function emptyFoldCost(): FoldCost {
  return {
    cycleSpan: 0,
    folds: 0,
    rowFolds: 0,
    colFolds: 0,
    sramIfmapReads: 0,
    sramFilterReads: 0,
    sramOfmapWrites: 0,
    mappingSum: 0,
    computeUtilSum: 0,
    dramIfmapReads: 0,
    dramFilterReads: 0,
    dramOfmapWrites: 0,
  };
}

/** Array geometry and SRAM capacities (words) that {@link foldGemm} needs. */
export interface ArrayShape {
  rows: number;
  cols: number;
  dataflow: Dataflow;
  ifmapWords: number;
  filterWords: number;
}

/**
 * Filter DRAM reads under os when the filters do not fit one prefetch window `w`: column fold f
 * streams its slice of `s = K · cols` words once per row fold. A slice of `s ≥ w` words misses on
 * every sweep. A smaller one is fetched on its first sweep; if the window closes `j` words into
 * that sweep, the next sweep fetches those `j` words again (the new window then holds the whole
 * slice). Walks the column folds keeping the window's fill: exact for SCALE-Sim's read buffer.
 */
function osFilterReads(K: number, M: number, C: number, rowFolds: number, w: number): number {
  let reads = 0;
  let fill = 0;
  for (let m0 = 0; m0 < M; m0 += C) {
    const s = K * Math.min(C, M - m0);
    if (s >= w) {
      reads += rowFolds * s;
      fill = (fill + rowFolds * s) % w;
    } else if (fill + s >= w) {
      reads += s + (w - fill);
      fill = s;
    } else {
      reads += s;
      fill += s;
    }
  }
  return reads;
}

/**
 * Costs the GEMM `[P × K] · [K × M]` on one array and writes the result into `out`.
 * `ifmapUnique` is the number of distinct ifmap words (H·W·C for a convolution, P·K for a matmul).
 *
 * DRAM traffic (closed forms of SCALE-Sim's buffers; `estimate(…, { dram: 'trace' })` simulates them
 * exactly, README compares the two): an operand with fewer distinct words than one prefetch window
 * (50·⌊S/100⌋ words, half its SRAM; read-buffer.ts) is fetched once; otherwise it is fetched once per
 * sweep the dataflow makes over it (ifmap: once per column fold for os/ws; filter: once per column
 * fold for is; os filters: see {@link osFilterReads}). Under ws with a folded reduction (K > rows) a
 * sweep reads the im2col operand P·K (window overlap is not reused across folds). Outputs are
 * written once for os; ws/is write one partial sum per row fold.
 */
export function foldGemm(a: ArrayShape, P: number, K: number, M: number, ifmapUnique: number, out: FoldCost): FoldCost {
  const R = a.rows;
  const C = a.cols;
  let sr: number;
  let sc: number;
  let t: number;
  let perFold: number;
  let utilFoldCycles: number;
  switch (a.dataflow) {
    case 'os':
      sr = P;
      sc = M;
      t = K;
      perFold = t + R + C - 2;
      utilFoldCycles = perFold;
      break;
    case 'ws':
      sr = K;
      sc = M;
      t = P;
      perFold = 2 * R + C + t - 2;
      utilFoldCycles = perFold + C - 1;
      break;
    default:
      sr = K;
      sc = P;
      t = M;
      perFold = 2 * R + C + t - 2;
      utilFoldCycles = perFold + C - 1;
      break;
  }
  const rowFolds = Math.ceil(sr / R);
  const colFolds = Math.ceil(sc / C);
  const folds = rowFolds * colFolds;
  const pk = P * K;
  const km = K * M;
  const pm = P * M;
  out.cycleSpan = folds * perFold;
  out.folds = folds;
  out.rowFolds = rowFolds;
  out.colFolds = colFolds;
  out.mappingSum = (sr * sc) / (R * C);
  out.computeUtilSum = (sr * sc * t) / (R * C * utilFoldCycles);
  if (a.dataflow === 'os') {
    out.sramIfmapReads = colFolds * pk;
    out.sramFilterReads = rowFolds * km;
    out.sramOfmapWrites = pm + folds * (R + C);
  } else if (a.dataflow === 'ws') {
    out.sramIfmapReads = colFolds * pk;
    out.sramFilterReads = km;
    out.sramOfmapWrites = rowFolds * pm;
  } else {
    out.sramIfmapReads = pk;
    out.sramFilterReads = colFolds * km;
    out.sramOfmapWrites = rowFolds * pm;
  }
  // DRAM model. An operand stays on chip only while it fits one prefetch window of its
  // double-buffered SRAM (SCALE-Sim: 50 sets of ⌊S/100⌋ words, half the SRAM; read-buffer.ts).
  // (Below 100 words SCALE-Sim's sets are empty and its window never closes.)
  const ifmapWindow = a.ifmapWords < 100 ? Infinity : 50 * Math.floor(a.ifmapWords / 100);
  const filterWindow = a.filterWords < 100 ? Infinity : 50 * Math.floor(a.filterWords / 100);
  if (ifmapUnique < ifmapWindow) {
    out.dramIfmapReads = ifmapUnique;
  } else {
    const sweeps = a.dataflow === 'is' ? 1 : colFolds;
    const perSweep = a.dataflow === 'ws' && rowFolds > 1 ? pk : ifmapUnique;
    out.dramIfmapReads = sweeps * perSweep;
  }
  if (km < filterWindow) {
    out.dramFilterReads = km;
  } else if (a.dataflow === 'is') {
    out.dramFilterReads = colFolds * km;
  } else if (a.dataflow === 'os' && rowFolds > 1) {
    out.dramFilterReads = osFilterReads(K, M, C, rowFolds, filterWindow);
  } else {
    out.dramFilterReads = km;
  }
  out.dramOfmapWrites = a.dataflow === 'os' ? pm : rowFolds * pm;
  return out;
}
