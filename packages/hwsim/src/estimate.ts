/**
 * `estimate(accelerator, ops)`: per-layer and total cost of an op list on an accelerator — compute
 * cycles (SCALE-Sim's closed forms on the arrays, lanes on the vector unit), DRAM cycles and stalls
 * (roofline with overlap: a layer takes max(compute, memory) cycles), utilization, operational
 * intensity, SRAM and DRAM traffic, latency, energy; plus chip area in the totals.
 *
 * Mapping (README "Cost model"):
 * - `conv2d` (groups = 1) and `matmul` run on the arrays as GEMMs; with several arrays (cores ×
 *   arraysPerCore) the output channels are split as evenly as possible; every array reads the
 *   whole ifmap from its SRAM, which DRAM fills by broadcast (read once per sweep for the chip);
 *   latency is that of the busiest array.
 * - grouped `conv2d` runs its groups as independent GEMMs, groups spread round-robin over arrays.
 * - `depthwise`, `pool` and `elementwise` run on the vector unit when the accelerator has one
 *   (`vectorLanes > 0`, per core; work split evenly over cores), one op per lane per cycle.
 *   Without a vector unit, `depthwise` runs on the arrays the way SCALE-Sim models it (a conv with
 *   window R·S·C and `multiplier` filters, channels split over arrays), and `pool`/`elementwise`
 *   run on the arrays' output edges at `cols` ops per array per cycle.
 * - every layer reads its inputs from and writes its outputs to DRAM (layer-by-layer execution).
 */
import { areaMM2, peakOpsPerSecond, resolveAccelerator, type AcceleratorConfig, type Machine } from './config.js';
import { traceOpDram } from './dram-ops.js';
import { expected, HwsimValidationError } from './errors.js';
import type { Op, OpKind } from './ops.js';
import { emptyFoldCost, foldGemm, type FoldCost } from './systolic.js';
import { outSize, validateOp } from './validate-ops.js';

/** Cost of one op. Access counts are in words; energies in pJ. */
export interface LayerEstimate {
  name: string;
  kind: OpKind;
  /** Where it ran. */
  unit: 'array' | 'vector';
  /** Multiply-accumulates (array and depthwise work) or vector operations (pool, elementwise). */
  macs: number;
  /** Arithmetic operations: 2 per MAC, 1 per other vector op. */
  flops: number;
  /** SCALE-Sim's `total_cycles` for array ops (last busy cycle of the busiest array). */
  computeCycles: number;
  /** Cycles to move this layer's DRAM traffic at the accelerator's bandwidth. */
  memoryCycles: number;
  /** Cycles the compute waits for DRAM: max(0, memoryCycles − computeCycles). */
  stallCycles: number;
  totalCycles: number;
  /** MACs (or vector ops) / (peak per cycle × totalCycles) of the unit that ran the op. */
  utilization: number;
  /** SCALE-Sim's mapping efficiency (mean fraction of PEs mapped per fold); vector ops: lane fill. */
  mappingEfficiency: number;
  /** SCALE-Sim's compute utilization (mean over folds); vector ops: same as `utilization`. */
  computeUtilization: number;
  /** flops per DRAM byte (Infinity when no DRAM traffic). */
  operationalIntensity: number;
  sramReads: number;
  sramWrites: number;
  sramIfmapReads: number;
  sramFilterReads: number;
  sramOfmapWrites: number;
  dramReads: number;
  dramWrites: number;
  dramIfmapReads: number;
  dramFilterReads: number;
  dramOfmapWrites: number;
  dramBytes: number;
  latencyMs: number;
  computeEnergyPJ: number;
  sramEnergyPJ: number;
  dramEnergyPJ: number;
  energyPJ: number;
}

/** Sums over all layers, plus chip-level figures. */
export interface EstimateTotals {
  macs: number;
  flops: number;
  computeCycles: number;
  memoryCycles: number;
  stallCycles: number;
  totalCycles: number;
  /** Array MACs / (array peak MACs per cycle × totalCycles). */
  utilization: number;
  operationalIntensity: number;
  sramReads: number;
  sramWrites: number;
  dramReads: number;
  dramWrites: number;
  dramBytes: number;
  latencyMs: number;
  energyPJ: number;
  computeEnergyPJ: number;
  sramEnergyPJ: number;
  dramEnergyPJ: number;
  /** Chip area, mm² (PEs + SRAM + vector lanes + register file). */
  areaMM2: number;
  /** Peak of the arrays, operations (2 per MAC) per second. */
  peakOpsPerSecond: number;
}

export interface Estimate {
  layers: LayerEstimate[];
  totals: EstimateTotals;
}

/** Options of {@link estimate}. */
export interface EstimateOptions {
  /**
   * How array ops' DRAM traffic is computed:
   * - `'analytical'` (default): closed forms (microseconds per network; README "DRAM traffic").
   * - `'trace'`: SCALE-Sim v2's double-buffered SRAMs simulated on the operands' demand order —
   *   its per-layer DRAM counts exactly, at roughly a second per MobileNet-sized network
   *   (memoised per layer shape, so repeats are free).
   * Vector-unit ops read their inputs and write their outputs once either way.
   */
  dram?: 'analytical' | 'trace';
}

const scratchA: FoldCost = emptyFoldCost();
/** Precomputed `ops[i]` paths for the first 1024 ops (no string building per call). */
const OPS_PATHS: readonly string[] = Array.from({ length: 1024 }, (_, i) => `ops[${i}]`);
const scratchB: FoldCost = emptyFoldCost();

function newRow(op: Op): LayerEstimate {
  return {
    name: op.name,
    kind: op.kind,
    unit: 'array',
    macs: 0,
    flops: 0,
    computeCycles: 0,
    memoryCycles: 0,
    stallCycles: 0,
    totalCycles: 0,
    utilization: 0,
    mappingEfficiency: 0,
    computeUtilization: 0,
    operationalIntensity: 0,
    sramReads: 0,
    sramWrites: 0,
    sramIfmapReads: 0,
    sramFilterReads: 0,
    sramOfmapWrites: 0,
    dramReads: 0,
    dramWrites: 0,
    dramIfmapReads: 0,
    dramFilterReads: 0,
    dramOfmapWrites: 0,
    dramBytes: 0,
    latencyMs: 0,
    computeEnergyPJ: 0,
    sramEnergyPJ: 0,
    dramEnergyPJ: 0,
    energyPJ: 0,
  };
}

/** Adds `times` copies of a fold cost's counts to the row; returns the folds added. */
function addCounts(row: LayerEstimate, c: FoldCost, times: number, util: { mapping: number; compute: number }): number {
  row.sramIfmapReads += times * c.sramIfmapReads;
  row.sramFilterReads += times * c.sramFilterReads;
  row.sramOfmapWrites += times * c.sramOfmapWrites;
  row.dramIfmapReads += times * c.dramIfmapReads;
  row.dramFilterReads += times * c.dramFilterReads;
  row.dramOfmapWrites += times * c.dramOfmapWrites;
  util.mapping += times * c.mappingSum;
  util.compute += times * c.computeUtilSum;
  return times * c.folds;
}

const utilAcc = { mapping: 0, compute: 0 };

/**
 * Runs a GEMM family on the arrays. `split` is the dimension shared out over arrays:
 * 'm' splits filters (K fixed), 'k' splits channels for SCALE-Sim-style depthwise (K = window·share,
 * ifmap = plane·share). `total` is the size of that dimension.
 */
function runOnArrays(
  row: LayerEstimate,
  m: Machine,
  P: number,
  K: number,
  total: number,
  window: number,
  plane: number,
  split: 'm' | 'k',
  fixedM: number,
): void {
  const n = m.arrays;
  const q = Math.floor(total / n);
  const r = total - q * n;
  utilAcc.mapping = 0;
  utilAcc.compute = 0;
  let span = 0;
  let folds = 0;
  if (r > 0) {
    if (split === 'm') foldGemm(m, P, K, q + 1, plane, scratchA);
    else foldGemm(m, P, window * (q + 1), fixedM, plane * (q + 1), scratchA);
    span = scratchA.cycleSpan;
    folds += addCounts(row, scratchA, r, utilAcc);
  }
  if (q > 0) {
    if (split === 'm') foldGemm(m, P, K, q, plane, scratchB);
    else foldGemm(m, P, window * q, fixedM, plane * q, scratchB);
    if (r === 0) span = scratchB.cycleSpan;
    folds += addCounts(row, scratchB, n - r, utilAcc);
  }
  if (split === 'm') {
    // The ifmap is broadcast to every array: DRAM delivers it as often as the most demanding array needs it.
    row.dramIfmapReads = Math.max(r > 0 ? scratchA.dramIfmapReads : 0, q > 0 ? scratchB.dramIfmapReads : 0);
  }
  finishArray(row, m, span, folds);
}

function finishArray(row: LayerEstimate, m: Machine, span: number, folds: number): void {
  row.unit = 'array';
  row.computeCycles = span - 1;
  row.mappingEfficiency = utilAcc.mapping / folds;
  row.computeUtilization = utilAcc.compute / folds;
}

/** Runs `groups` independent GEMMs (P × K · K × M each) spread round-robin over the arrays. */
function runGroups(row: LayerEstimate, m: Machine, P: number, K: number, M: number, plane: number, groups: number): void {
  utilAcc.mapping = 0;
  utilAcc.compute = 0;
  foldGemm(m, P, K, M, plane, scratchA);
  const folds = addCounts(row, scratchA, groups, utilAcc);
  finishArray(row, m, Math.ceil(groups / m.arrays) * scratchA.cycleSpan, folds);
}

function runVector(row: LayerEstimate, m: Machine, ops: number, reads: number, filterReads: number, writes: number): void {
  const lanes = m.vectorLanes > 0 ? m.vectorLanes * m.cores : m.cols * m.arrays;
  row.unit = 'vector';
  row.computeCycles = Math.ceil(ops / lanes);
  const fill = ops / (lanes * row.computeCycles);
  row.mappingEfficiency = fill;
  row.sramIfmapReads = reads;
  row.sramFilterReads = filterReads;
  row.sramOfmapWrites = writes;
  row.dramIfmapReads = reads;
  row.dramFilterReads = filterReads;
  row.dramOfmapWrites = writes;
}

function costOp(op: Op, m: Machine, row: LayerEstimate): void {
  switch (op.kind) {
    case 'conv2d': {
      const E = outSize(op.ifmapH, op.filterH, op.stride, op.padding);
      const F = outSize(op.ifmapW, op.filterW, op.stride, op.padding);
      const P = E * F;
      const g = op.groups ?? 1;
      const K = op.filterH * op.filterW * (op.channels / g);
      row.macs = P * K * op.numFilters;
      const plane = op.ifmapH * op.ifmapW;
      if (g === 1) runOnArrays(row, m, P, K, op.numFilters, 0, plane * op.channels, 'm', 0);
      else runGroups(row, m, P, K, op.numFilters / g, plane * (op.channels / g), g);
      return;
    }
    case 'depthwise': {
      const E = outSize(op.ifmapH, op.filterH, op.stride, op.padding);
      const F = outSize(op.ifmapW, op.filterW, op.stride, op.padding);
      const mult = op.multiplier ?? 1;
      const window = op.filterH * op.filterW;
      const P = E * F;
      row.macs = P * window * op.channels * mult;
      const plane = op.ifmapH * op.ifmapW;
      if (m.vectorLanes > 0) {
        runVector(row, m, row.macs, plane * op.channels, window * op.channels * mult, P * op.channels * mult);
      } else {
        runOnArrays(row, m, P, window * op.channels, op.channels, window, plane, 'k', mult);
      }
      return;
    }
    case 'matmul':
      row.macs = op.m * op.k * op.n;
      runOnArrays(row, m, op.m, op.k, op.n, 0, op.m * op.k, 'm', 0);
      return;
    case 'pool': {
      const global = op.mode === 'global';
      const E = global ? 1 : outSize(op.ifmapH, op.windowH, op.stride, op.padding);
      const F = global ? 1 : outSize(op.ifmapW, op.windowW, op.stride, op.padding);
      const window = global ? op.ifmapH * op.ifmapW : op.windowH * op.windowW;
      row.macs = E * F * window * op.channels;
      runVector(row, m, row.macs, op.ifmapH * op.ifmapW * op.channels, 0, E * F * op.channels);
      return;
    }
    case 'elementwise': {
      row.macs = op.elements * (op.opsPerElement ?? 1);
      runVector(row, m, row.macs, op.elements * (op.inputs ?? 1), 0, op.elements);
      return;
    }
  }
}

function finishRow(row: LayerEstimate, m: Machine): void {
  const e = m.energy;
  const isMac = row.unit === 'array' || row.kind === 'depthwise';
  row.flops = isMac ? 2 * row.macs : row.macs;
  row.sramReads = row.sramIfmapReads + row.sramFilterReads;
  row.sramWrites = row.sramOfmapWrites;
  row.dramReads = row.dramIfmapReads + row.dramFilterReads;
  row.dramWrites = row.dramOfmapWrites;
  row.dramBytes = (row.dramReads + row.dramWrites) * m.bytesPerWord;
  row.memoryCycles = Math.ceil(row.dramBytes / m.dramBytesPerCycle);
  row.stallCycles = Math.max(0, row.memoryCycles - row.computeCycles);
  row.totalCycles = row.computeCycles + row.stallCycles;
  const peak = row.unit === 'array' ? m.peakMacsPerCycle : m.vectorLanes > 0 ? m.vectorLanes * m.cores : m.cols * m.arrays;
  row.utilization = row.totalCycles > 0 ? row.macs / (peak * row.totalCycles) : 0;
  if (row.unit === 'vector') row.computeUtilization = row.utilization;
  row.operationalIntensity = row.dramBytes > 0 ? row.flops / row.dramBytes : Infinity;
  row.latencyMs = row.totalCycles / (m.clockMHz * 1e3);
  row.computeEnergyPJ = row.macs * (row.unit === 'array' ? e.macPJ : e.vectorOpPJ);
  row.sramEnergyPJ = (row.sramReads + row.sramWrites) * m.bytesPerWord * e.sramBytePJ;
  row.dramEnergyPJ = row.dramBytes * e.dramBytePJ;
  row.energyPJ = row.computeEnergyPJ + row.sramEnergyPJ + row.dramEnergyPJ;
}

/**
 * Estimates the cost of `ops` run one after another on `accelerator` (a plain config object or a
 * symbolic `SystolicArray`/`EdgeAccelerator`); `options.dram: 'trace'` swaps the analytical DRAM
 * model for the exact SCALE-Sim buffer simulation. Validates both; errors name the field, e.g.
 * `accelerator.dramGBps: expected a finite number > 0, got -1` or `ops[3].filterH: ...`.
 */
export function estimate(accelerator: AcceleratorConfig, ops: readonly Op[], options: EstimateOptions = {}): Estimate {
  const m = resolveAccelerator(accelerator);
  if (!Array.isArray(ops)) throw new HwsimValidationError(expected('an array of ops', ops), 'ops', ops);
  const dramMode = options.dram ?? 'analytical';
  if (dramMode !== 'analytical' && dramMode !== 'trace') {
    throw new HwsimValidationError(expected("'analytical' or 'trace'", options.dram), 'options.dram', options.dram);
  }
  const trace = dramMode === 'trace';
  const layers: LayerEstimate[] = new Array(ops.length);
  const t: EstimateTotals = {
    macs: 0,
    flops: 0,
    computeCycles: 0,
    memoryCycles: 0,
    stallCycles: 0,
    totalCycles: 0,
    utilization: 0,
    operationalIntensity: 0,
    sramReads: 0,
    sramWrites: 0,
    dramReads: 0,
    dramWrites: 0,
    dramBytes: 0,
    latencyMs: 0,
    energyPJ: 0,
    computeEnergyPJ: 0,
    sramEnergyPJ: 0,
    dramEnergyPJ: 0,
    areaMM2: areaMM2(m),
    peakOpsPerSecond: peakOpsPerSecond(m),
  };
  let arrayMacs = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    validateOp(op, OPS_PATHS[i] ?? `ops[${i}]`);
    const row = newRow(op);
    costOp(op, m, row);
    if (trace && row.unit === 'array') {
      const d = traceOpDram(op, m);
      if (d !== null) {
        row.dramIfmapReads = d.ifmapReads;
        row.dramFilterReads = d.filterReads;
        row.dramOfmapWrites = d.ofmapWrites;
      }
    }
    finishRow(row, m);
    layers[i] = row;
    if (row.unit === 'array') arrayMacs += row.macs;
    t.macs += row.macs;
    t.flops += row.flops;
    t.computeCycles += row.computeCycles;
    t.memoryCycles += row.memoryCycles;
    t.stallCycles += row.stallCycles;
    t.totalCycles += row.totalCycles;
    t.sramReads += row.sramReads;
    t.sramWrites += row.sramWrites;
    t.dramReads += row.dramReads;
    t.dramWrites += row.dramWrites;
    t.dramBytes += row.dramBytes;
    t.latencyMs += row.latencyMs;
    t.energyPJ += row.energyPJ;
    t.computeEnergyPJ += row.computeEnergyPJ;
    t.sramEnergyPJ += row.sramEnergyPJ;
    t.dramEnergyPJ += row.dramEnergyPJ;
  }
  t.utilization = t.totalCycles > 0 ? arrayMacs / (m.peakMacsPerCycle * t.totalCycles) : 0;
  t.operationalIntensity = t.dramBytes > 0 ? t.flops / t.dramBytes : Infinity;
  return { layers, totals: t };
}
