/**
 * Accelerator config types (inferred from the field specs of the symbolic classes in
 * `classes.ts`, the one definition), their energy/area defaults, and {@link resolveAccelerator},
 * which validates a config against those specs and turns it into the flat {@link Machine}
 * description the cost model runs on.
 */
import { fieldsTester, isSymObject, ValidationError, type Fields, type FieldsOutput } from '@tsglove/symbolic';
import {
  AREA_FIELDS,
  EdgeAccelerator,
  ENERGY_FIELDS,
  SystolicArray,
  type Dataflow,
  EDGE_ACCELERATOR_FIELDS,
  SYSTOLIC_ARRAY_FIELDS,
} from './classes.js';
import { expected, HwsimValidationError } from './errors.js';
import { fieldError, fromIssue, type PlainOf } from './fields.js';

export { DATAFLOWS, type Dataflow } from './classes.js';

/** Energy per event in picojoules (fields and sources: `ENERGY_FIELDS`, README table). */
export type EnergyModel = FieldsOutput<typeof ENERGY_FIELDS>;
/** Area per component in mm² (fields and sources: `AREA_FIELDS`, README table). */
export type AreaModel = FieldsOutput<typeof AREA_FIELDS>;

/** A (multi-core) chip of systolic arrays as a plain object; fields in `SYSTOLIC_ARRAY_FIELDS`. */
export type SystolicArrayConfig = PlainOf<typeof SYSTOLIC_ARRAY_FIELDS>;
/** A NAHAS-style edge accelerator as a plain object; fields in `EDGE_ACCELERATOR_FIELDS`. */
export type EdgeAcceleratorConfig = PlainOf<typeof EDGE_ACCELERATOR_FIELDS>;

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

type AcceleratorClass = typeof SystolicArray | typeof EdgeAccelerator;
type Validated<C extends AcceleratorClass> = FieldsOutput<
  C extends typeof SystolicArray ? typeof SYSTOLIC_ARRAY_FIELDS : typeof EDGE_ACCELERATOR_FIELDS
>;

/** What validating a plain config of one class needs, derived once from the class's field specs. */
interface ConfigPlan {
  specs: Fields;
  /** The first field whose value its spec refuses (compiled from the specs). */
  firstBad: (config: object) => string | undefined;
  keys: readonly string[];
  /** Every field's default (undefined where it has none). */
  defaults: Record<string, unknown>;
  /** Fields other than `energy`/`area`: they must hold plain values, not hyper values. */
  scalarKeys: readonly string[];
}

function configPlan(specs: Fields): ConfigPlan {
  // Every field, in order (undefined where there is no default): copies of it share one shape.
  const defaults: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) defaults[key] = spec.defaultValue;
  const scalarKeys = Object.keys(specs).filter((key) => key !== 'energy' && key !== 'area');
  return { specs, firstBad: fieldsTester(specs), keys: Object.keys(specs), defaults, scalarKeys };
}

const PLANS = new Map<AcceleratorClass, ConfigPlan>([
  [SystolicArray, configPlan(SYSTOLIC_ARRAY_FIELDS)],
  [EdgeAccelerator, configPlan(EDGE_ACCELERATOR_FIELDS)],
]);

/**
 * The field values of a plain config with defaults filled (always built in the order of the fields,
 * so every result has one shape), or undefined when any check fails (unknown keys too).
 */
function plainValues(plan: ConfigPlan, config: Record<string, unknown>): Record<string, unknown> | undefined {
  if (plan.firstBad(config) !== undefined) return undefined;
  const { keys, defaults } = plan;
  const out = { ...defaults };
  let given = 0;
  for (let i = 0; i < keys.length; i++) {
    const value = config[keys[i]!];
    if (value !== undefined) {
      out[keys[i]!] = value;
      given++;
    }
  }
  // A key that is not a field (or a field explicitly set to undefined) takes the class's own path.
  let keyCount = 0;
  for (const _ in config) keyCount++;
  return keyCount === given ? out : undefined;
}

/**
 * The field values of `acc` validated by the specs of `cls`: an instance is taken as it is; a
 * plain object is checked against the same specs (its defaults filled), and when it fails, the
 * class itself reports the error, so a plain object and an instance fail alike. Hyper values are
 * refused: a search space has no cost until it is materialized.
 */
function validated<C extends AcceleratorClass>(cls: C, acc: object, path: string): Validated<C> {
  const plan = PLANS.get(cls)!;
  let values: Record<string, unknown> | undefined;
  if (acc instanceof cls) values = acc as unknown as Record<string, unknown>;
  else {
    const init = (isSymObject(acc) ? acc.symInitArgs() : acc) as Record<string, unknown>;
    values = plainValues(plan, init);
    if (values === undefined) {
      try {
        values = new cls(init as never) as unknown as Record<string, unknown>;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const issue = error.issues[0]!;
        throw fromIssue(issue, path, valueAt(init, issue.path));
      }
    }
  }
  const { scalarKeys, specs } = plan;
  for (let i = 0; i < scalarKeys.length; i++) {
    const v = values[scalarKeys[i]!];
    if (v !== null && typeof v === 'object') throw fieldError(specs[scalarKeys[i]!]!, v, `${path}.${scalarKeys[i]}`);
  }
  refuseHyperOverrides(values.energy, ENERGY_FIELDS, `${path}.energy`);
  refuseHyperOverrides(values.area, AREA_FIELDS, `${path}.area`);
  return values as Validated<C>;
}

/** Throws when an energy or area override holds a hyper value (a search space has no cost). */
function refuseHyperOverrides(over: unknown, specs: typeof ENERGY_FIELDS | typeof AREA_FIELDS, path: string): void {
  if (over === undefined || over === null) return;
  const values = over as Record<string, unknown>;
  for (const k of Object.keys(values)) {
    const v = values[k];
    if (v !== null && typeof v === 'object') throw fieldError(specs[k as keyof typeof specs], v, `${path}.${k}`);
  }
}

/** The value at a dotted path of a plain object, for error data. */
function valueAt(root: object, path: string): unknown {
  let v: unknown = root;
  for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** Overrides of energies or areas as a plain object (undefined entries dropped). */
function overrides(over: object | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (over) for (const [k, v] of Object.entries(over)) if (typeof v === 'number') out[k] = v;
  return out;
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
  const e = validated(EdgeAccelerator, acc, path);
  const memory = e.peX * e.peY * e.localMemoryKiB;
  return {
    kind: 'systolic',
    rows: e.peY * e.computeLanes,
    cols: e.peX * e.simdUnits,
    dataflow: e.dataflow,
    ifmapSramKiB: memory * 0.4,
    filterSramKiB: memory * 0.4,
    ofmapSramKiB: memory * 0.2,
    dramGBps: e.ioBandwidthGBps,
    clockMHz: e.clockMHz,
    bytesPerWord: e.bytesPerWord,
    cores: e.cores,
    arraysPerCore: 1,
    vectorLanes: e.peX * e.peY * e.simdUnits,
    registerFileKiB: e.peX * e.peY * e.registerFileKiB,
    ...(e.energy ? { energy: overrides(e.energy) } : {}),
    ...(e.area ? { area: overrides(e.area) } : {}),
  };
}

/** SRAM words in `kib` KiB. */
function words(kib: number, bytesPerWord: number): number {
  return Math.floor((kib * 1024) / bytesPerWord);
}

/**
 * Validates an accelerator config (plain object or symbolic instance) against its class's field
 * specs and resolves its defaults. Throws {@link HwsimValidationError} naming the field, e.g.
 * `accelerator.rows: expected int >= 1, got 0`.
 */
export function resolveAccelerator(acc: AcceleratorConfig, path = 'accelerator'): Machine {
  if (acc === null || typeof acc !== 'object') throw new HwsimValidationError(expected('an accelerator config object', acc), path, acc);
  const sa = validated(SystolicArray, isEdgeConfig(acc) ? edgeToSystolic(acc, path) : acc, path);
  const { rows, cols, dataflow, dramGBps, clockMHz, bytesPerWord, cores, vectorLanes } = sa;
  const arrays = cores * sa.arraysPerCore;
  return {
    rows,
    cols,
    dataflow,
    ifmapWords: words(sa.ifmapSramKiB, bytesPerWord),
    filterWords: words(sa.filterSramKiB, bytesPerWord),
    ofmapWords: words(sa.ofmapSramKiB, bytesPerWord),
    sramKiB: (sa.ifmapSramKiB + sa.filterSramKiB + sa.ofmapSramKiB) * arrays,
    registerFileKiB: sa.registerFileKiB,
    dramBytesPerCycle: (dramGBps * 1e3) / clockMHz,
    dramGBps,
    clockMHz,
    bytesPerWord,
    cores,
    arrays,
    vectorLanes,
    energy: sa.energy ? { ...defaultEnergy(bytesPerWord), ...overrides(sa.energy) } : defaultEnergy(bytesPerWord),
    area: sa.area ? { ...defaultArea(bytesPerWord), ...overrides(sa.area) } : defaultArea(bytesPerWord),
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
