/**
 * Symbolic configurations of the method parts, so a search space can choose them with hyper
 * values: `new MethodConvNet({ filters: [16, 32, 32], activation: oneOf(['relu', 'swish', 'gelu']) })`
 * or `new SequenceModel({ vocab: 16, length: 64, attention: oneOf(ATTENTION_KINDS), landmarks:
 * oneOf([8, 16]) })`. `materialize(space, dna)` gives a concrete object; `build()` makes the model.
 */
import { symbolic, t, registerAlias } from '@tsglove/symbolic';
import { METHOD_ACTIVATIONS } from './activations.js';
import { convNet, type ConvNet } from './convnet.js';
import { ATTENTION_KINDS, sequenceTransformer, type SequenceTransformer } from './transformer.js';

registerAlias('MethodConvNet', 'tsglove.methods.MethodConvNet'); // its name before 0.2, still read by fromJSON
/** A {@link convNet} configuration (activation, widths, BN) as a symbolic object. */
export class MethodConvNet extends symbolic('tsglove.methods.MethodConvNet', {
  filters: t.list(t.int({ min: 1 }), { minSize: 1 }).describe('filters of each 3×3 conv layer'),
  strided: t
    .list(t.int({ min: 0 }))
    .default([1, 2])
    .describe('layers with stride 2'),
  activation: t.enum(METHOD_ACTIVATIONS).default('relu'),
  alpha: t.float({ min: 0 }).default(10).describe('α of parametricSoftplus'),
  batchNorm: t.bool().default(true),
  auxBatchNorm: t.bool().default(false),
  numClasses: t.int({ min: 1 }).default(10),
}) {
  /** Builds the TF.js model with seeded weights (28×28×1 inputs unless given). */
  build(seed = 0, inputShape: [number, number, number] = [28, 28, 1]): ConvNet {
    return convNet({
      inputShape,
      filters: [...this.filters],
      strided: [...this.strided].filter((s) => s < this.filters.length),
      activation: this.activation,
      alpha: this.alpha,
      batchNorm: this.batchNorm,
      auxBatchNorm: this.auxBatchNorm,
      numClasses: this.numClasses,
      seed,
    });
  }
}

registerAlias('SequenceModel', 'tsglove.methods.SequenceModel'); // its name before 0.2, still read by fromJSON
/** A {@link sequenceTransformer} configuration (attention kind, landmarks, size) as a symbolic object. */
export class SequenceModel extends symbolic('tsglove.methods.SequenceModel', {
  vocab: t.int({ min: 1 }),
  length: t.int({ min: 1 }),
  width: t.int({ min: 1 }).default(32),
  heads: t.int({ min: 1 }).default(2),
  depth: t.int({ min: 1 }).default(1),
  attention: t.enum(ATTENTION_KINDS).default('softmax'),
  landmarks: t.int({ min: 1 }).default(8),
  pinvIterations: t.int({ min: 0 }).default(6),
  pooling: t.enum(['mean', 'first'] as const).default('mean'),
  numClasses: t.int({ min: 1 }).default(2),
}) {
  /** Builds the TF.js model with seeded weights. */
  build(seed = 0): SequenceTransformer {
    return sequenceTransformer({
      vocab: this.vocab,
      length: this.length,
      width: this.width,
      heads: this.heads,
      depth: this.depth,
      attention: this.attention,
      landmarks: this.landmarks,
      pinvIterations: this.pinvIterations,
      pooling: this.pooling,
      numClasses: this.numClasses,
      seed,
    });
  }
}
