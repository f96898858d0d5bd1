/**
 * @tsglove/hwsim — accelerators as (searchable) symbolic objects and a cost model whose systolic
 * array compute cycles and SRAM traffic equal SCALE-Sim v2's, layer by layer.
 */

// The op contract shared with @tsglove/models.
export type { Padding, Conv2dOp, DepthwiseConv2dOp, MatmulOp, PoolOp, ElementwiseOp, Op, OpKind } from './ops.js';

// Errors
export { HwsimError, HwsimValidationError, ScaleSimFormatError } from './errors.js';

// Accelerator configs
export {
  DATAFLOWS,
  resolveAccelerator,
  edgeToSystolic,
  isEdgeConfig,
  defaultEnergy,
  defaultArea,
  peakOpsPerSecond,
  areaMM2,
  type Dataflow,
  type EnergyModel,
  type AreaModel,
  type SystolicArrayConfig,
  type EdgeAcceleratorConfig,
  type AcceleratorConfig,
  type Machine,
} from './config.js';
export { SystolicArray, EdgeAccelerator, edgeAcceleratorSpace } from './classes.js';
export { tpuV3, v100, edgeTpu } from './presets.js';

// Cost model
export { estimate, type Estimate, type EstimateOptions, type EstimateTotals, type LayerEstimate } from './estimate.js';
export { validateOp } from './validate-ops.js';
export { roofline, type RooflineOptions } from './roofline.js';

// Workloads and SCALE-Sim interop
export { mobileNetOps } from './mobilenet.js';
export {
  parseScaleSimConfig,
  systolicFromScaleSim,
  scaleSimLayerOp,
  type ScaleSimConfig,
} from './scalesim.js';
