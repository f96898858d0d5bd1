export {
  Graph,
  GraphBuilder,
  type Tensor,
  type Conv2dOptions,
  type DepthwiseOptions,
  type BatchNormOptions,
  type PoolOptions,
  type Conv2dArgs,
  type DepthwiseArgs,
  type BatchNormArgs,
  type PoolArgs,
  type NameOption,
} from './graph.js';
export { ACTIVATIONS, ACTIVATION_OPS, DEFAULT_SOFTPLUS_ALPHA, isActivation, type ActivationFn } from './activations.js';
export { inferShape, validateConfig, layerKinds, layerKind } from './layer-kinds.js';
export { NO_COST, type LayerKindSpec } from './layer-kind.js';
export {
  numElements,
  windowOutput,
  sameShape,
  type Shape,
  type Padding,
  type Layer,
  type LayerKind,
  type LayerConfigs,
  type LayerOf,
} from './layers.js';
export {
  countParams,
  countFlops,
  activationMemory,
  layerCost,
  toGraph,
  type ModelLike,
  type ParamCount,
  type LayerCost,
  type ActivationMemory,
} from './analysis.js';
export { ops } from './ops.js';
export { checkGraph } from './check.js';
export { summary } from './summary.js';
