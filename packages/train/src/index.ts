/**
 * `@tsglove/train`: TensorFlow.js materialization and training — backend selection (node,
 * wasm with tsglove's training kernels, cpu), IR graphs as trainable models (`toTfModel`), the
 * IDX / Fashion-MNIST loaders, optimizers (SGD/momentum, Adam, LARS), learning-rate schedules,
 * losses, the custom training loop and data-parallel training on worker threads.
 */
export { initBackend, wasmDistDir, type BackendName, type InitBackendOptions } from './backend.js';
export { registerWasmGradKernels, wasmGradKernelNames, setWasmKernelOptions, type WasmKernelOptions } from './kernels/wasm-kernels.js';
export { registerCpuGradKernels, restoreCpuGradKernels, cpuGradKernelNames } from './kernels/cpu-kernels.js';
export { safeSign } from './kernels/safe-sign.js';
export { fusedBatchNorm, fusedSwish, fusedChannelScale, fusedSpatialMean } from './kernels/fused-ops.js';
export { ModelsError, DataError } from './errors.js';
export { parseIdx, readIdxFile, encodeIdx, type IdxArray, type IdxType } from './data/idx.js';
export {
  loadFashionMnist,
  hasFashionMnist,
  selectImages,
  batchTensors,
  FASHION_MNIST_DIR,
  FASHION_MNIST_CLASSES,
  type FashionMnistOptions,
  type ImageDataset,
} from './data/fashion-mnist.js';
export { constantSchedule, warmupCosine, warmupPolynomial, type Schedule, type DecayOptions } from './schedules.js';
export {
  sgd,
  adam,
  lars,
  adamMoments,
  trustRatio,
  isBiasOrNorm,
  type SgdOptions,
  type AdamOptions,
  type LarsOptions,
  type LayerwiseOptions,
} from './optimizers.js';
export { slotOptimizer, SlotOptimizer, type Optimizer, type UpdateRule, type VariableStep, type FusedStep } from './slot-optimizer.js';
export { softmaxCrossEntropy, accuracy } from './losses.js';
export { type TfModel, sizeOf, heNormal, seededNormal } from './model.js';
export { smallCnn, smallCnnGraph, type SmallCnnOptions } from './small-cnn.js';
export { trainStep, fit, evaluate, gatherBatch, type FitOptions, type FitResult } from './train.js';
export { fitTrial, type FitTrialOptions, type FitTrialResult, type TrialReporter } from './fit-trial.js';
export { toTfModel, applyGraph, type IrTfModel, type ToTfModelOptions } from './from-ir.js';
export {
  tfLayers,
  createWeights,
  weightSpecs,
  type WeightSpec,
  type TfLayerBuilder,
  type TfLayerBuilders,
  type LayerWeights,
  type Weights,
} from './tf-layers.js';
export { activate, checkActivation, gelu, parametricSoftplus } from './activations.js';
export { buildModel, type ModelSpec } from './model-spec.js';
export { DataParallelTrainer, type DataParallelOptions } from './workers/parallel.js';
export {
  TrialPool,
  type TrialPoolOptions,
  type TrialData,
  type TrialOptions,
  type PoolTrialResult,
  type TrialResult,
} from './workers/trial-pool.js';
