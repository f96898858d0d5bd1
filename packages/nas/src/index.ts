/**
 * `@tsglove/nas`: weight-sharing NAS as dynamic evaluation. A space is an ordinary
 * model-building function that calls `oneOf` over candidate ops; the same function runs as a
 * supernet (ENAS paths or DARTS mixtures), as a stand-alone child, and under any search algorithm.
 */
export { Layers, type Activation, type Init, type VariableOptions, type DenseOptions, type ConvOptions } from './layers.js';
export { NasSpace, nasSpace, opChoice, labelOf, type ModelFn, type NasSpaceOptions } from './space.js';
export {
  Batches,
  gradientStep,
  evaluateMetric,
  fromImageDataset,
  checkData,
  weightTraining,
  crossEntropyLoss,
  accuracyMetric,
  mseLoss,
  negMseMetric,
  type NasData,
  type NasSplits,
  type LossFn,
  type TaskOptions,
  type WeightTraining,
} from './data.js';
export { Supernet, type SupernetOptions } from './supernet.js';
export { ChildNet, trainChild, type TrainChildOptions, type ChildResult } from './child.js';
export { runDarts, type DartsOptions, type DartsResult } from './darts.js';
export { runEnas, type EnasOptions, type EnasResult } from './enas.js';
export { runEvolution, type NasEvolutionOptions, type EvolutionOptions, type EvolutionResult } from './evolution.js';
export {
  MBConvNet,
  MBConvStage,
  MBConvChoice,
  mbconvSpace,
  mobileNetV2Baseline,
  MBCONV_SPACE_STAGES,
  type MBConvSpaceOptions,
} from './mbconv-space.js';
export { MBConvSupernet, weightShapes, largestChild, type MBConvSupernetOptions } from './mbconv-supernet.js';
export { ChildCosts, type ChildCost } from './child-cost.js';
export { runTunas, mostLikelyDNA, describeChild, type TunasOptions, type TunasProgress, type TunasResult } from './tunas.js';
export {
  runHardwareAwareSearch,
  trainAndScore,
  baselineFor,
  type HardwareAwareSearchOptions,
  type MethodResult,
} from './tunas-experiment.js';
export {
  runNahasExperiment,
  defaultEdgeAccelerator,
  hwLabel,
  type NahasExperimentOptions,
  type NahasResult,
} from './nahas-experiment.js';
export { darts, enas, nasEvolution, evolution, searchArchitecture, type NasMethod, type NasResult } from './search.js';
export type { TrialOption, LoopMeasurement } from './search-trial.js';
