/**
 * A small configurable CNN for the training-method experiments: `depth` 3×3 conv layers (stride 2
 * where listed), each followed by optional batch norm and the chosen activation, then global
 * average pooling and a dense classifier. It is a {@link TfModel} (so `fit`/`evaluate` of
 * `@tsglove/train` train it) with extras the methods need: per-layer features (layerwise
 * imitation), an auxiliary set of BN parameters and statistics (AdvProp), and batch statistics over
 * data-parallel shards (cross-replica BN).
 */
import * as tf from '@tensorflow/tfjs';
import { heNormal, sizeOf, type TfModel } from '@tsglove/train';
import { ModelsError } from '@tsglove/models';
import { applyActivation, checkActivation, type MethodActivation } from './activations.js';
import { shardedBatchNorm, type BatchNormMode } from './cross-replica-bn.js';

/** Arguments of {@link convNet}. */
export interface ConvNetArgs {
  /** `[h, w, c]` of one input; default `[28, 28, 1]`. */
  inputShape?: [number, number, number];
  /** Filters of each conv layer, e.g. `[16, 32, 32]`. */
  filters: readonly number[];
  /** Indices of the layers with stride 2 (default: layers 1 and 2 when present, i.e. `[1, 2]`). */
  strided?: readonly number[];
  /** Default `'relu'`. */
  activation?: MethodActivation;
  /** α of `'parametricSoftplus'` (default 10). */
  alpha?: number;
  /** Batch norm after every conv (default true). */
  batchNorm?: boolean;
  /** A second set of BN γ/β and moving statistics for auxiliary (adversarial) batches (AdvProp). */
  auxBatchNorm?: boolean;
  /** BN moving-average momentum (default 0.9). */
  bnMomentum?: number;
  numClasses?: number;
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/** Options of one {@link ConvNet.forward} call. */
export interface ForwardOptions {
  /** Batch statistics (and moving-average updates) instead of moving statistics. */
  training?: boolean;
  /** Which BN set: `'main'` (default) or `'aux'` (needs `auxBatchNorm`). */
  bn?: 'main' | 'aux';
  /** Replicas the batch is split over for BN statistics (default 1). */
  shards?: number;
  /** `'crossReplica'` (default) or `'local'` statistics when `shards > 1`. */
  bnMode?: BatchNormMode;
  /** Whether training mode updates the BN moving statistics (default true; attacks pass false). */
  updateStats?: boolean;
}

interface BnSet {
  gamma: tf.Variable;
  beta: tf.Variable;
  mean: tf.Variable;
  variance: tf.Variable;
}

/** The CNN of {@link convNet}. */
export interface ConvNet extends TfModel {
  readonly args: Readonly<Required<Omit<ConvNetArgs, 'inputShape'>>> & { inputShape: [number, number, number] };
  /** The conv kernels, in layer order. */
  readonly kernels: readonly tf.Variable[];
  /** Logits and the activation output of every conv layer. */
  forward(x: tf.Tensor4D, options?: ForwardOptions): { logits: tf.Tensor2D; features: tf.Tensor4D[] };
}

/** Builds a {@link ConvNet} with seeded He-normal kernels, γ = 1, β = 0. */
export function convNet(args: ConvNetArgs): ConvNet {
  const inputShape = args.inputShape ?? [28, 28, 1];
  if (!Array.isArray(args.filters) || args.filters.length === 0) throw new ModelsError('filters', 'expected at least one conv layer');
  args.filters.forEach((f, i) => {
    if (!Number.isInteger(f) || f < 1) throw new ModelsError(`filters[${i}]`, `expected an integer >= 1, got ${f}`);
  });
  const depth = args.filters.length;
  const strided = args.strided ?? [1, 2].filter((i) => i < depth);
  strided.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0 || s >= depth)
      throw new ModelsError(`strided[${i}]`, `expected a layer index in [0, ${depth - 1}], got ${s}`);
  });
  const activation = args.activation ?? 'relu';
  checkActivation(activation);
  const full = {
    inputShape,
    filters: [...args.filters],
    strided: [...strided],
    activation,
    alpha: args.alpha ?? 10,
    batchNorm: args.batchNorm ?? true,
    auxBatchNorm: args.auxBatchNorm ?? false,
    bnMomentum: args.bnMomentum ?? 0.9,
    numClasses: args.numClasses ?? 10,
    seed: args.seed ?? 0,
  };
  if (full.auxBatchNorm && !full.batchNorm) throw new ModelsError('auxBatchNorm', 'needs batchNorm: true');
  if (!(full.bnMomentum >= 0 && full.bnMomentum < 1))
    throw new ModelsError('bnMomentum', `expected a number in [0, 1), got ${full.bnMomentum}`);
  let seed = full.seed;
  const kernels: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  const bn: BnSet[][] = [[], []];
  let cin = inputShape[2];
  const newBn = (f: number): BnSet => ({
    gamma: tf.variable(tf.ones([f])),
    beta: tf.variable(tf.zeros([f])),
    mean: tf.variable(tf.zeros([f]), false),
    variance: tf.variable(tf.ones([f]), false),
  });
  for (const f of full.filters) {
    kernels.push(tf.variable(heNormal([3, 3, cin, f], 9 * cin, seed++)));
    if (full.batchNorm) {
      bn[0]!.push(newBn(f));
      if (full.auxBatchNorm) bn[1]!.push(newBn(f));
    } else {
      biases.push(tf.variable(tf.zeros([f])));
    }
    cin = f;
  }
  const dense = tf.variable(heNormal([cin, full.numClasses], cin, seed++));
  const denseBias = tf.variable(tf.zeros([full.numClasses]));
  const trainable = [...kernels, ...biases, ...bn.flat().flatMap((b) => [b.gamma, b.beta]), dense, denseBias];
  const state = bn.flat().flatMap((b) => [b.mean, b.variance]);
  const names = [
    ...kernels.map((_, i) => `conv${i}/kernel`),
    ...biases.map((_, i) => `conv${i}/bias`),
    ...bn.flatMap((set, s) => set.flatMap((_, i) => [`bn${i}${s ? '_aux' : ''}/gamma`, `bn${i}${s ? '_aux' : ''}/beta`])),
    'dense/kernel',
    'dense/bias',
    ...bn.flatMap((set, s) => set.flatMap((_, i) => [`bn${i}${s ? '_aux' : ''}/moving_mean`, `bn${i}${s ? '_aux' : ''}/moving_variance`])),
  ];

  const forward = (x: tf.Tensor4D, o: ForwardOptions = {}): { logits: tf.Tensor2D; features: tf.Tensor4D[] } => {
    if (x.rank !== 4 || x.shape.slice(1).some((d, i) => d !== inputShape[i])) {
      throw new ModelsError('x', `expected a batch of [${inputShape.join(', ')}] inputs, got shape [${x.shape.join(', ')}]`);
    }
    const which = o.bn === 'aux' ? 1 : 0;
    if (which === 1 && !full.auxBatchNorm) throw new ModelsError('bn', 'this net has no auxiliary batch norm (auxBatchNorm: false)');
    return tf.tidy(() => {
      const features: tf.Tensor4D[] = [];
      let h: tf.Tensor4D = x;
      kernels.forEach((k, i) => {
        const stride = full.strided.includes(i) ? 2 : 1;
        let y: tf.Tensor = tf.conv2d(h, k as tf.Tensor4D, stride, 'same');
        if (full.batchNorm) {
          const b = bn[which]![i]!;
          if (o.training) {
            const r = shardedBatchNorm(y, {
              shards: o.shards ?? 1,
              mode: o.bnMode ?? 'crossReplica',
              offset: b.beta as tf.Tensor1D,
              scale: b.gamma as tf.Tensor1D,
            });
            const mom = full.bnMomentum;
            if (o.updateStats ?? true) b.mean.assign(tf.add(tf.mul(b.mean, mom), tf.mul(r.mean, 1 - mom)));
            if (o.updateStats ?? true) b.variance.assign(tf.add(tf.mul(b.variance, mom), tf.mul(r.variance, 1 - mom)));
            y = r.y;
          } else {
            y = tf.batchNorm(y, b.mean, b.variance, b.beta, b.gamma, 1e-3);
          }
        } else {
          y = tf.add(y, biases[i]!);
        }
        h = applyActivation(y, full.activation, { alpha: full.alpha }) as tf.Tensor4D;
        features.push(h);
      });
      const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
      return { logits: tf.add(tf.matMul(pooled, dense as tf.Tensor2D), denseBias) as tf.Tensor2D, features };
    });
  };

  return {
    name: `conv_net_${full.filters.join('_')}_${activation}`,
    args: full,
    kernels,
    trainableWeights: trainable,
    nonTrainableWeights: state,
    weightNames: names,
    inputShape,
    forward,
    apply(x: tf.Tensor4D, training = false): tf.Tensor2D {
      const { logits, features } = forward(x, { training });
      tf.dispose(features);
      return logits;
    },
    countParams: () => ({ trainable: sizeOf(trainable), nonTrainable: sizeOf(state) }),
    dispose: () => [...trainable, ...state].forEach((v) => v.dispose()),
  };
}
