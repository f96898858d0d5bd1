/**
 * Accelerators as symbolic classes. Their field specs are the one definition of an accelerator:
 * the config types (`SystolicArrayConfig`...) are inferred from them, and `estimate` validates a
 * plain config object against the same specs, so a plain object and a class instance get the same
 * defaults and the same errors. Any field may hold a hyper value (`oneOf([...])`), which makes the
 * object a hardware search space.
 */
import { symbolic, t, oneOf, registerAlias, type Fields, type Infer, type InferInput, type ValueSpec } from '@tsglove/symbolic';

/** How a GEMM folds onto the array (SCALE-Sim's output-, weight- and input-stationary dataflows). */
export const DATAFLOWS = ['os', 'ws', 'is'] as const;
export type Dataflow = (typeof DATAFLOWS)[number];

/** A finite number > 0 (a bandwidth, a clock, an SRAM size). */
const positive = () => t.float().refine((v) => (Number.isFinite(v) && v > 0) || `expected a finite number > 0, got ${v}`);
/** A finite number >= 0 (an energy, an area). */
const nonNegative = () => t.float().refine((v) => (Number.isFinite(v) && v >= 0) || `expected a finite number >= 0, got ${v}`);

/** Energy per event in picojoules; see the README table for sources. */
export const ENERGY_FIELDS = {
  macPJ: nonNegative().describe('one multiply-accumulate in the array'),
  sramBytePJ: nonNegative().describe('one byte read from or written to on-chip SRAM'),
  dramBytePJ: nonNegative().describe('one byte read from or written to DRAM (or over the I/O interface)'),
  vectorOpPJ: nonNegative().describe('one vector-unit operation (a depthwise MAC, a pooling compare/add, an elementwise op)'),
};

/** Area per component in mm²; see the README table for sources. */
export const AREA_FIELDS = {
  peMM2: nonNegative().describe('one processing element (MAC) of the array'),
  sramKiBMM2: nonNegative().describe('one KiB of SRAM'),
  vectorLaneMM2: nonNegative().describe('one vector-unit lane'),
  registerFileKiBMM2: nonNegative().describe('one KiB of register file'),
};

type Optional<F extends Fields> = { [K in keyof F]: ValueSpec<Infer<F[K]> | undefined, InferInput<F[K]> | undefined, true> };
/** The same fields, each optional (overrides of defaults). */
function optionalFields<F extends Fields>(fields: F): Optional<F> {
  return Object.fromEntries(Object.entries(fields).map(([k, spec]) => [k, spec.optional()])) as Optional<F>;
}

const energySpec = t.dict(optionalFields(ENERGY_FIELDS)).optional().describe('overrides of the default energies, pJ (README table)');
const areaSpec = t.dict(optionalFields(AREA_FIELDS)).optional().describe('overrides of the default areas, mm² (README table)');
const dataflowSpec = t.enum(DATAFLOWS).default('os').describe('how a GEMM folds onto the array');

/** Fields of a (multi-core) chip of systolic arrays, the hardware SCALE-Sim models. */
export const SYSTOLIC_ARRAY_FIELDS = {
  kind: t.enum(['systolic'] as const).default('systolic'),
  rows: t.int({ min: 1 }).describe('PE rows of one array'),
  cols: t.int({ min: 1 }).describe('PE columns of one array'),
  dataflow: dataflowSpec,
  ifmapSramKiB: positive().describe("ifmap SRAM per array, KiB (SCALE-Sim's IfmapSramSzkB)"),
  filterSramKiB: positive().describe('filter SRAM per array, KiB'),
  ofmapSramKiB: positive().describe('ofmap SRAM per array, KiB'),
  dramGBps: positive().describe('off-chip bandwidth of the whole chip, GB/s (1e9 bytes/s)'),
  clockMHz: positive().default(1000),
  bytesPerWord: t.int({ min: 1 }).default(1).describe('bytes per operand word (1 = int8, 2 = bf16/fp16, 4 = fp32)'),
  cores: t.int({ min: 1 }).default(1).describe('cores; each has `arraysPerCore` arrays and one vector unit'),
  arraysPerCore: t.int({ min: 1 }).default(1).describe('arrays per core, e.g. 2 MXUs per TPU v3 core'),
  vectorLanes: t.int({ min: 0 }).default(0).describe('lanes of each core’s vector unit (0 = no vector unit)'),
  registerFileKiB: nonNegative().default(0).describe('register file of the whole chip, KiB (area only; set by edgeToSystolic)'),
  energy: energySpec,
  area: areaSpec,
};

/**
 * Fields of a NAHAS-style edge accelerator: a `peX × peY` grid of PEs, each with `simdUnits` SIMD
 * units of `computeLanes` MAC lanes, `localMemoryKiB` of local memory and `registerFileKiB` of
 * registers, behind an I/O interface of `ioBandwidthGBps`. `edgeToSystolic` maps it onto the model.
 */
export const EDGE_ACCELERATOR_FIELDS = {
  kind: t.enum(['edge'] as const).default('edge'),
  peX: t.int({ min: 1 }).describe('PEs along x'),
  peY: t.int({ min: 1 }).describe('PEs along y'),
  simdUnits: t.int({ min: 1 }).describe('SIMD units per PE'),
  computeLanes: t.int({ min: 1 }).describe('MAC lanes per SIMD unit'),
  localMemoryKiB: positive().describe('local memory per PE, KiB'),
  registerFileKiB: nonNegative().describe('register file per PE, KiB'),
  ioBandwidthGBps: positive().describe('I/O bandwidth, GB/s'),
  clockMHz: positive().default(800),
  bytesPerWord: t.int({ min: 1 }).default(1),
  dataflow: dataflowSpec,
  cores: t.int({ min: 1 }).default(1),
  energy: energySpec,
  area: areaSpec,
};

registerAlias('hwsim.SystolicArray', 'tsglove.hwsim.SystolicArray'); // its name before 0.2, still read by fromJSON
/** A (multi-core) chip of systolic arrays; fields in {@link SYSTOLIC_ARRAY_FIELDS}. */
export class SystolicArray extends symbolic('tsglove.hwsim.SystolicArray', SYSTOLIC_ARRAY_FIELDS) {}

registerAlias('hwsim.EdgeAccelerator', 'tsglove.hwsim.EdgeAccelerator'); // its name before 0.2, still read by fromJSON
/** A NAHAS-style edge accelerator; fields in {@link EDGE_ACCELERATOR_FIELDS}. */
export class EdgeAccelerator extends symbolic('tsglove.hwsim.EdgeAccelerator', EDGE_ACCELERATOR_FIELDS) {}

/**
 * The NAHAS hardware search space (Zhou et al., "Rethinking Co-design of Neural Architectures and
 * Hardware Accelerators", 2021): PE array x/y, SIMD units, compute lanes, local memory, register
 * file and I/O bandwidth, each a `oneOf`. The paper's parameters are these; the candidate values
 * below are ours (its table was not at hand): ranges that bracket the Edge TPU (4×4 PEs × 64 SIMD
 * × 4 lanes = 4096 MACs, 8 MiB). 5·5·4·4·5·5·5 = 50,000 points.
 */
export function edgeAcceleratorSpace(): EdgeAccelerator {
  return new EdgeAccelerator({
    peX: oneOf([1, 2, 4, 6, 8]),
    peY: oneOf([1, 2, 4, 6, 8]),
    simdUnits: oneOf([16, 32, 64, 128]),
    computeLanes: oneOf([1, 2, 4, 8]),
    localMemoryKiB: oneOf([512, 1024, 2048, 3072, 4096]),
    registerFileKiB: oneOf([8, 16, 32, 64, 128]),
    ioBandwidthGBps: oneOf([5, 10, 15, 20, 25]),
  });
}
