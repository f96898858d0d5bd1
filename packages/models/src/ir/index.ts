export { Graph, GraphBuilder } from './graph.js';
export type {
  Tensor,
  Conv2dOptions,
  DepthwiseOptions,
  BatchNormOptions,
  PoolOptions,
  Conv2dArgs,
  DepthwiseArgs,
  BatchNormArgs,
  PoolArgs,
  NameOption,
} from './builder-options.js';
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
