/**
 * Accelerators as symbolic classes: validated on construction, and any field may hold a hyper value
 * (`oneOf([...])`), which makes the object a hardware search space. `estimate` reads the same
 * fields from these instances as from plain config objects.
 */
import { symbolic, t, oneOf, registerAlias } from '@tsglove/symbolic';

const energySpec = t
  .dict({
    macPJ: t.float({ min: 0 }).optional(),
    sramBytePJ: t.float({ min: 0 }).optional(),
    dramBytePJ: t.float({ min: 0 }).optional(),
    vectorOpPJ: t.float({ min: 0 }).optional(),
  })
  .optional()
  .describe('Overrides of the default energies, pJ (README table).');

const areaSpec = t
  .dict({
    peMM2: t.float({ min: 0 }).optional(),
    sramKiBMM2: t.float({ min: 0 }).optional(),
    vectorLaneMM2: t.float({ min: 0 }).optional(),
    registerFileKiBMM2: t.float({ min: 0 }).optional(),
  })
  .optional()
  .describe('Overrides of the default areas, mm² (README table).');

const dataflowSpec = t.enum(['os', 'ws', 'is'] as const);

registerAlias('hwsim.SystolicArray', 'tsglove.hwsim.SystolicArray'); // its name before 0.2, still read by fromJSON
/** A (multi-core) chip of systolic arrays; fields as in `SystolicArrayConfig`. */
export class SystolicArray extends symbolic('tsglove.hwsim.SystolicArray', {
  kind: t.enum(['systolic'] as const).default('systolic'),
  rows: t.int({ min: 1 }).describe('PE rows of one array'),
  cols: t.int({ min: 1 }).describe('PE columns of one array'),
  dataflow: dataflowSpec.default('os'),
  ifmapSramKiB: t.float({ min: 0 }).describe('ifmap SRAM per array, KiB'),
  filterSramKiB: t.float({ min: 0 }).describe('filter SRAM per array, KiB'),
  ofmapSramKiB: t.float({ min: 0 }).describe('ofmap SRAM per array, KiB'),
  dramGBps: t.float({ min: 0 }).describe('off-chip bandwidth, GB/s'),
  clockMHz: t.float({ min: 0 }).default(1000),
  bytesPerWord: t.int({ min: 1 }).default(1),
  cores: t.int({ min: 1 }).default(1),
  arraysPerCore: t.int({ min: 1 }).default(1),
  vectorLanes: t.int({ min: 0 }).default(0).describe('vector lanes per core (0 = no vector unit)'),
  energy: energySpec,
  area: areaSpec,
}) {}

registerAlias('hwsim.EdgeAccelerator', 'tsglove.hwsim.EdgeAccelerator'); // its name before 0.2, still read by fromJSON
/** A NAHAS-style edge accelerator; fields as in `EdgeAcceleratorConfig`. */
export class EdgeAccelerator extends symbolic('tsglove.hwsim.EdgeAccelerator', {
  kind: t.enum(['edge'] as const).default('edge'),
  peX: t.int({ min: 1 }).describe('PEs along x'),
  peY: t.int({ min: 1 }).describe('PEs along y'),
  simdUnits: t.int({ min: 1 }).describe('SIMD units per PE'),
  computeLanes: t.int({ min: 1 }).describe('MAC lanes per SIMD unit'),
  localMemoryKiB: t.float({ min: 0 }).describe('local memory per PE, KiB'),
  registerFileKiB: t.float({ min: 0 }).describe('register file per PE, KiB'),
  ioBandwidthGBps: t.float({ min: 0 }).describe('I/O bandwidth, GB/s'),
  clockMHz: t.float({ min: 0 }).default(800),
  bytesPerWord: t.int({ min: 1 }).default(1),
  dataflow: dataflowSpec.default('os'),
  cores: t.int({ min: 1 }).default(1),
  energy: energySpec,
  area: areaSpec,
}) {}

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
