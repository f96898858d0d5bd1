/**
 * Accelerator configs as plain interfaces (symbolic classes in `classes.ts` have the same fields),
 * their energy/area defaults, and {@link resolveAccelerator}, which validates a config and turns it
 * into the flat {@link Machine} description the cost model runs on.
 */
import { checkEnum, checkInt, checkPositive, HwsimValidationError } from './errors.js';

/** How a GEMM folds onto the array (SCALE-Sim's output-, weight- and input-stationary dataflows). */
export type Dataflow = 'os' | 'ws' | 'is';
export const DATAFLOWS: readonly Dataflow[] = ['os', 'ws', 'is'];

/** Energy per event in picojoules; see the README table for sources. */
export interface EnergyModel {
  /** One multiply-accumulate in the array. */
  macPJ: number;
  /** One byte read from or written to on-chip SRAM. */
  sramBytePJ: number;
  /** One byte read from or written to DRAM (or over the I/O interface). */
  dramBytePJ: number;
  /** One vector-unit operation (a depthwise MAC, a pooling compare/add, an elementwise op). */
  vectorOpPJ: number;
}

/** Area per component in mm²; see the README table for sources. */
export interface AreaModel {
  /** One processing element (MAC) of the array. */
  peMM2: number;
  /** One KiB of SRAM. */
  sramKiBMM2: number;
  /** One vector-unit lane. */
  vectorLaneMM2: number;
  /** One KiB of register file. */
  registerFileKiBMM2: number;
}

/** A (multi-core) chip of systolic arrays, the hardware SCALE-Sim models. */
export interface SystolicArrayConfig {
  kind?: 'systolic';
  /** PE rows of one array. */
  rows: number;
  /** PE columns of one array. */
  cols: number;
  dataflow: Dataflow;
  /** SRAM sizes per array, KiB (SCALE-Sim's `IfmapSramSzkB` etc.). */
  ifmapSramKiB: number;
  filterSramKiB: number;
  ofmapSramKiB: number;
  /** Off-chip bandwidth of the whole chip, GB/s (1e9 bytes/s). */
  dramGBps: number;
  clockMHz: number;
  /** Bytes per operand word (1 = int8, 2 = bf16/fp16, 4 = fp32). */
  bytesPerWord: number;
  /** Cores (default 1); each core has `arraysPerCore` arrays and one vector unit. */
  cores?: number;
  /** Arrays per core (default 1); e.g. a TPU v3 core has 2 MXUs. */
  arraysPerCore?: number;
  /** Lanes of each core's vector unit (default 0 = no vector unit). */
  vectorLanes?: number;
  /** Overrides of the default energies. */
  energy?: Partial<EnergyModel>;
  /** Overrides of the default areas. */
  area?: Partial<AreaModel>;
}

/**
 * A NAHAS-style edge accelerator: a `peX × peY` grid of PEs, each with `simdUnits` SIMD units of
 * `computeLanes` MAC lanes, `localMemoryKiB` of local memory and `registerFileKiB` of registers,
 * behind an I/O interface of `ioBandwidthGBps`. See `edgeToSystolic` for how it maps onto the model.
 */
export interface EdgeAcceleratorConfig {
  kind?: 'edge';
  peX: number;
  peY: number;
  simdUnits: number;
  computeLanes: number;
  /** Local memory per PE, KiB. */
  localMemoryKiB: number;
  /** Register file per PE, KiB. */
  registerFileKiB: number;
  ioBandwidthGBps: number;
  clockMHz: number;
  /** Default 1 (int8). */
  bytesPerWord?: number;
  /** Default 'os'. */
  dataflow?: Dataflow;
  /** Default 1. */
  cores?: number;
  energy?: Partial<EnergyModel>;
  area?: Partial<AreaModel>;
}

/** Either kind of accelerator (plain objects or symbolic instances with these fields). */
export type AcceleratorConfig = SystolicArrayConfig | EdgeAcceleratorConfig;

/** A validated, flattened accelerator: what `estimate` runs on. */
export interface Machine {
  rows: number;
  cols: number;
  dataflow: Dataflow;
  /** SRAM capacities of one array, in words. */
  ifmapWords: number;
  filterWords: number;
  ofmapWords: number;
  /** Total on-chip SRAM, KiB (for area). */
  sramKiB: number;
  /** Total register file, KiB (for area). */
  registerFileKiB: number;
  /** DRAM bytes per clock cycle. */
  dramBytesPerCycle: number;
  dramGBps: number;
  clockMHz: number;
  bytesPerWord: number;
  cores: number;
  /** Arrays on the chip (cores × arraysPerCore). */
  arrays: number;
  /** Vector lanes per core (0 = none). */
  vectorLanes: number;
  energy: EnergyModel;
  area: AreaModel;
  /** Peak MACs per cycle of all arrays. */
  peakMacsPerCycle: number;
}

/** Horowitz (ISSCC 2014, 45 nm) MAC energies: int8 0.2+0.03, fp16 1.1+0.4, fp32 3.7+0.9 pJ. */
function defaultMacPJ(bytesPerWord: number): number {
  return bytesPerWord <= 1 ? 0.23 : bytesPerWord <= 2 ? 1.5 : 4.6;
}

/** Horowitz 45 nm multiplier areas (int8 282 µm², fp16 1640 µm², fp32 7700 µm²) relative to int8. */
function peAreaScale(bytesPerWord: number): number {
  return bytesPerWord <= 1 ? 1 : bytesPerWord <= 2 ? 1640 / 282 : 7700 / 282;
}

/** Default energies for a word size (README: "Energy and area defaults"). */
export function defaultEnergy(bytesPerWord: number): EnergyModel {
  const mac = defaultMacPJ(bytesPerWord);
  return { macPJ: mac, sramBytePJ: 2.5, dramBytePJ: 160, vectorOpPJ: mac };
}

/** Default areas for a word size (README: "Energy and area defaults"). */
export function defaultArea(bytesPerWord: number): AreaModel {
  const pe = 0.0012 * peAreaScale(bytesPerWord);
  return { peMM2: pe, sramKiBMM2: 0.0039, vectorLaneMM2: pe, registerFileKiBMM2: 0.0078 };
}

/** True when the config describes a NAHAS-style edge accelerator (has `peX`). */
export function isEdgeConfig(acc: AcceleratorConfig): acc is EdgeAcceleratorConfig {
  return acc.kind === 'edge' || (acc.kind === undefined && 'peX' in acc);
}

/**
 * Maps a NAHAS-style edge accelerator onto the systolic model: the array has
 * `rows = peY × computeLanes` and `cols = peX × simdUnits` (so MACs/cycle = peX·peY·simdUnits·
 * computeLanes); the PEs' local memories together form the SRAM, split 40% ifmap, 40% filter,
 * 20% ofmap; the SIMD units act as the vector unit with `peX·peY·simdUnits` lanes; the I/O
 * bandwidth is the off-chip bandwidth. The register file adds area only (it is not modelled in
 * timing: SCALE-Sim's dataflows already assume operands are forwarded PE to PE).
 */
export function edgeToSystolic(acc: EdgeAcceleratorConfig, path = 'accelerator'): SystolicArrayConfig & { registerFileKiB: number } {
  const peX = checkInt(acc.peX, `${path}.peX`, 1);
  const peY = checkInt(acc.peY, `${path}.peY`, 1);
  const simd = checkInt(acc.simdUnits, `${path}.simdUnits`, 1);
  const lanes = checkInt(acc.computeLanes, `${path}.computeLanes`, 1);
  const local = checkPositive(acc.localMemoryKiB, `${path}.localMemoryKiB`);
  const regs = checkPositive(acc.registerFileKiB, `${path}.registerFileKiB`, true);
  const io = checkPositive(acc.ioBandwidthGBps, `${path}.ioBandwidthGBps`);
  const memory = peX * peY * local;
  return {
    kind: 'systolic',
    rows: peY * lanes,
    cols: peX * simd,
    dataflow: acc.dataflow ?? 'os',
    ifmapSramKiB: memory * 0.4,
    filterSramKiB: memory * 0.4,
    ofmapSramKiB: memory * 0.2,
    dramGBps: io,
    clockMHz: acc.clockMHz,
    bytesPerWord: acc.bytesPerWord ?? 1,
    cores: acc.cores ?? 1,
    arraysPerCore: 1,
    vectorLanes: peX * peY * simd,
    ...(acc.energy ? { energy: acc.energy } : {}),
    ...(acc.area ? { area: acc.area } : {}),
    registerFileKiB: peX * peY * regs,
  };
}

const ENERGY_KEYS: readonly (keyof EnergyModel)[] = ['macPJ', 'sramBytePJ', 'dramBytePJ', 'vectorOpPJ'];
const AREA_KEYS: readonly (keyof AreaModel)[] = ['peMM2', 'sramKiBMM2', 'vectorLaneMM2', 'registerFileKiBMM2'];

function merge<T extends object>(defaults: T, keys: readonly (keyof T)[], over: unknown, path: string): T {
  if (over === undefined || over === null) return defaults;
  if (typeof over !== 'object') throw new HwsimValidationError(path, 'expected an object', over);
  const out = { ...defaults };
  const src = over as Record<string, unknown>;
  for (const key of keys) {
    const v = src[key as string];
    if (v !== undefined) (out as Record<string, number>)[key as string] = checkPositive(v, `${path}.${String(key)}`, true);
  }
  return out;
}

/**
 * Validates an accelerator config (plain object or symbolic instance) and resolves its defaults.
 * Throws {@link HwsimValidationError} naming the field, e.g. `accelerator.rows: expected int >= 1, got 0`.
 */
export function resolveAccelerator(acc: AcceleratorConfig, path = 'accelerator'): Machine {
  if (acc === null || typeof acc !== 'object') throw new HwsimValidationError(path, 'expected an accelerator config object', acc);
  let registerFileKiB = 0;
  let sa: SystolicArrayConfig;
  if (isEdgeConfig(acc)) {
    const mapped = edgeToSystolic(acc, path);
    registerFileKiB = mapped.registerFileKiB;
    sa = mapped;
  } else {
    sa = acc;
  }
  const rows = checkInt(sa.rows, `${path}.rows`, 1);
  const cols = checkInt(sa.cols, `${path}.cols`, 1);
  const dataflow = checkEnum(sa.dataflow, `${path}.dataflow`, DATAFLOWS);
  const ifmapKiB = checkPositive(sa.ifmapSramKiB, `${path}.ifmapSramKiB`);
  const filterKiB = checkPositive(sa.filterSramKiB, `${path}.filterSramKiB`);
  const ofmapKiB = checkPositive(sa.ofmapSramKiB, `${path}.ofmapSramKiB`);
  const dramGBps = checkPositive(sa.dramGBps, `${path}.${isEdgeConfig(acc) ? 'ioBandwidthGBps' : 'dramGBps'}`);
  const clockMHz = checkPositive(sa.clockMHz, `${path}.clockMHz`);
  const bytesPerWord = checkPositive(sa.bytesPerWord, `${path}.bytesPerWord`);
  const cores = checkInt(sa.cores ?? 1, `${path}.cores`, 1);
  const arraysPerCore = checkInt(sa.arraysPerCore ?? 1, `${path}.arraysPerCore`, 1);
  const vectorLanes = checkInt(sa.vectorLanes ?? 0, `${path}.vectorLanes`, 0);
  const arrays = cores * arraysPerCore;
  const words = (kib: number): number => Math.floor((kib * 1024) / bytesPerWord);
  return {
    rows,
    cols,
    dataflow,
    ifmapWords: words(ifmapKiB),
    filterWords: words(filterKiB),
    ofmapWords: words(ofmapKiB),
    sramKiB: (ifmapKiB + filterKiB + ofmapKiB) * arrays,
    registerFileKiB,
    dramBytesPerCycle: (dramGBps * 1e3) / clockMHz,
    dramGBps,
    clockMHz,
    bytesPerWord,
    cores,
    arrays,
    vectorLanes,
    energy: merge(defaultEnergy(bytesPerWord), ENERGY_KEYS, sa.energy, `${path}.energy`),
    area: merge(defaultArea(bytesPerWord), AREA_KEYS, sa.area, `${path}.area`),
    peakMacsPerCycle: rows * cols * arrays,
  };
}

/** Peak throughput in operations per second (2 per MAC) of all arrays. */
export function peakOpsPerSecond(acc: AcceleratorConfig | Machine): number {
  const m = 'peakMacsPerCycle' in acc ? acc : resolveAccelerator(acc);
  return 2 * m.peakMacsPerCycle * m.clockMHz * 1e6;
}

/** Chip area in mm²: PEs + SRAM + vector lanes + register file (see {@link AreaModel}). */
export function areaMM2(acc: AcceleratorConfig | Machine): number {
  const m = 'peakMacsPerCycle' in acc ? acc : resolveAccelerator(acc);
  return (
    m.peakMacsPerCycle * m.area.peMM2 +
    m.sramKiB * m.area.sramKiBMM2 +
    m.vectorLanes * m.cores * m.area.vectorLaneMM2 +
    m.registerFileKiB * m.area.registerFileKiBMM2
  );
}
