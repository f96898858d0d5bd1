export {
  Graph,
  GraphBuilder,
  type Tensor,
  type Conv2dArgs,
  type DepthwiseArgs,
  type BatchNormArgs,
  type PoolArgs,
  type NameOption,
} from './graph.js';
export {
  inferShape,
  validateConfig,
  numElements,
  windowOutput,
  sameShape,
  ACTIVATIONS,
  type Shape,
  type ActivationFn,
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
