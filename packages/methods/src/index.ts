/**
 * `@tsglove/methods`: training methods and model parts from the papers tsglove builds on —
 * smooth activations and PGD/FGSM adversarial training (SAT), a generated shapes detection set with
 * a RetinaNet-style detector, mAP and Det-AdvProp, AdaIN cue-conflict images (shape–texture
 * debiasing), layerwise imitation for deep-thin nets, LAMB, the large-batch learning-rate rule and
 * cross-replica batch norm, Nyström attention in a small transformer, and the configurable CNN they
 * plug into. The experiment runners behind `bench/method-*.bench.ts` are in `./experiments/`. Every choice is a plain string union with a constant list, so a search space can say
 * `activation: oneOf(METHOD_ACTIVATIONS)` or `attention: oneOf(ATTENTION_KINDS)`.
 */
export {
  METHOD_ACTIVATIONS,
  SMOOTH_ACTIVATIONS,
  applyActivation,
  checkActivation,
  parametricSoftplus,
  gelu,
  type MethodActivation,
  type ActivationOptions,
} from './activations.js';
export {
  convNet,
  convNetGraph,
  type ConvNet,
  type ConvNetOptions,
  type ConvNetConfig,
  type ConvNetArgs,
  type ForwardOptions,
} from './convnet.js';
export {
  shardedBatchNorm,
  shardStats,
  allReduceMoments,
  shardSizes,
  type BatchNormMode,
  type ShardStats,
  type ShardedBatchNormOptions,
  type ShardedBatchNormArgs,
} from './cross-replica-bn.js';
export {
  pgd,
  fgsm,
  classificationLoss,
  adversarialTrainStep,
  robustAccuracy,
  type InputLoss,
  type PgdOptions,
  type PgdArgs,
  type AdversarialTrainOptions,
  type AdversarialTrainArgs,
  type RobustAccuracyOptions,
  type RobustAccuracyArgs,
} from './adversarial.js';
export {
  softmaxAttention,
  nystromAttention,
  softmaxAttentionOps,
  nystromAttentionOps,
  iterativePinv,
  segmentMeanMatrix,
  type NystromOptions,
  type NystromArgs,
} from './nystrom.js';
export {
  sequenceTransformer,
  multiHeadAttention,
  ATTENTION_KINDS,
  type AttentionKind,
  type SequenceTransformer,
  type SequenceTransformerOptions,
  type SequenceTransformerArgs,
} from './transformer.js';
export { recurrenceTask, sequenceBatch, type SequenceDataset } from './sequence-task.js';
export { lamb, type LambOptions } from './lamb.js';
export { scaleLearningRate, type LrScalingOptions, type LrScalingArgs, type ScalingRule } from './lr-scaling.js';
export { widen, thinAndWide, imitationProjections, imitationLoss, type ImitationProjections } from './imitation.js';
export { adain, bands, gaussianBlur, cueConflict, mixedLabels } from './adain.js';
export {
  shapesDataset,
  shapeBox,
  inShape,
  iou,
  SHAPE_CLASSES,
  type Box,
  type DetObject,
  type DetectionDataset,
  type ShapeParams,
  type ShapesOptions,
} from './detection/shapes-data.js';
export { nms, averagePrecision, meanAveragePrecision, type Detection } from './detection/map.js';
export { shapeDetector, type ShapeDetector, type DetectorOptions, type DetectorArgs, type DetTargets } from './detection/detector.js';
export { detectorTrainStep, detAdvPropStep, copyMainBnToAux, type DetAdvPropStep } from './detection/det-advprop.js';
export { MethodConvNet, SequenceModel } from './specs.js';
