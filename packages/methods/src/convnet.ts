/**
 * A small configurable CNN for the training-method experiments: `depth` 3×3 conv layers (stride 2
 * where listed), each followed by optional batch norm and the chosen activation, then global
 * average pooling and a dense classifier. The network is an IR graph ({@link convNetGraph}), so it
 * is costed like every other model and runs through the IR's TensorFlow.js builders. The
 * {@link ConvNet} adds what the methods need: per-layer features (layerwise imitation), an
 * auxiliary set of BN parameters and statistics (AdvProp, a training device the deployed network
 * drops, so the IR does not count it), and batch statistics over data-parallel shards
 * (cross-replica BN), the one layer whose forward pass it replaces.
 */
import * as tf from '@tensorflow/tfjs';
import {
  GraphBuilder,
  ModelsError,
  type ActivationFn,
  type Graph,
  type Layer,
  type LayerOf,
  type Tensor,
  checkInt,
  checkNumber,
} from '@tsglove/models';
import { applyGraph, checkActivation, createWeights, sizeOf, type LayerWeights, type TfModel, type Weights } from '@tsglove/train';
import { shardedBatchNorm, type BatchNormMode } from './cross-replica-bn.js';

/** Options of {@link convNet}. */
export interface ConvNetOptions {
  /** `[h, w, c]` of one input; default `[28, 28, 1]`. */
  inputShape?: [number, number, number];
  /** Filters of each conv layer, e.g. `[16, 32, 32]`. */
  filters: readonly number[];
  /** Indices of the layers with stride 2 (default: layers 1 and 2 when present, i.e. `[1, 2]`). */
  strided?: readonly number[];
  /** Default `'relu'`; any name of the activation vocabulary (`ACTIVATIONS`). */
  activation?: ActivationFn;
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

/** @deprecated Renamed {@link ConvNetOptions} (options bags are `*Options`). */
export type ConvNetArgs = ConvNetOptions;

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

/** The resolved options of a {@link ConvNet}. */
export type ConvNetConfig = Readonly<Required<Omit<ConvNetOptions, 'inputShape'>>> & { inputShape: [number, number, number] };

/** The CNN of {@link convNet}. */
export interface ConvNet extends TfModel {
  readonly args: ConvNetConfig;
  /** The network as an IR graph (outputs: the logits, then every conv layer's activation). */
  readonly graph: Graph;
  /** The conv kernels, in layer order. */
  readonly kernels: readonly tf.Variable[];
  /** Logits and the activation output of every conv layer. */
  forward(x: tf.Tensor4D, options?: ForwardOptions): { logits: tf.Tensor2D; features: tf.Tensor4D[] };
}

/** Checks and completes the options of {@link convNet}. */
function resolve(options: ConvNetOptions): ConvNetConfig {
  const inputShape = options.inputShape ?? [28, 28, 1];
  if (!Array.isArray(options.filters) || options.filters.length === 0) throw new ModelsError('expected at least one conv layer', 'filters');
  options.filters.forEach((f, i) => {
    checkInt(f, `filters[${i}]`);
  });
  const depth = options.filters.length;
  const strided = options.strided ?? [1, 2].filter((i) => i < depth);
  strided.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0 || s >= depth)
      throw new ModelsError(`expected a layer index in [0, ${depth - 1}], got ${s}`, `strided[${i}]`);
  });
  const activation = options.activation ?? 'relu';
  checkActivation(activation);
  const full = {
    inputShape,
    filters: [...options.filters],
    strided: [...strided],
    activation,
    alpha: options.alpha ?? 10,
    batchNorm: options.batchNorm ?? true,
    auxBatchNorm: options.auxBatchNorm ?? false,
    bnMomentum: options.bnMomentum ?? 0.9,
    numClasses: options.numClasses ?? 10,
    seed: options.seed ?? 0,
  };
  if (full.auxBatchNorm && !full.batchNorm) throw new ModelsError('needs batchNorm: true', 'auxBatchNorm');
  checkNumber(full.bnMomentum, 'bnMomentum', 0, 1, true);
  return full;
}

/**
 * The network of {@link convNet} as an IR graph: layers `conv{i}` (with a bias when there is no
 * batch norm), `bn{i}`, `act{i}`, then `pool` and `dense`. Its outputs are the logits, then every
 * `act{i}` (the features).
 */
export function convNetGraph(options: ConvNetOptions): Graph {
  const o = resolve(options);
  const g = new GraphBuilder(o.inputShape, `conv_net_${o.filters.join('_')}_${o.activation}`);
  let x = g.input();
  const features: Tensor[] = [];
  o.filters.forEach((filters, i) => {
    const stride = o.strided.includes(i) ? 2 : 1;
    x = g.conv2d(x, { filters, kernel: 3, stride, useBias: !o.batchNorm, name: `conv${i}` });
    if (o.batchNorm) x = g.batchNorm(x, { momentum: o.bnMomentum, epsilon: 1e-3, name: `bn${i}` });
    x = g.activation(x, o.activation, `act${i}`, o.activation === 'parametricSoftplus' ? o.alpha : undefined);
    features.push(x);
  });
  const logits = g.dense(g.globalPool(x, { name: 'pool' }), { units: o.numClasses, name: 'dense' });
  return g.build([logits, ...features]);
}

/** Builds a {@link ConvNet} with seeded He-normal kernels, γ = 1, β = 0. */
export function convNet(options: ConvNetOptions): ConvNet {
  const full = resolve(options);
  const graph = convNetGraph(full);
  const { inputShape } = full;
  let seed = full.seed;
  const nextSeed = (): number => seed++;
  // Variables by layer name, made by the IR's builders (kernels take seeds in layer order).
  const byLayer = new Map<string, Weights>();
  const aux = new Map<string, Weights>();
  for (const layer of graph.layers) {
    if (layer.kind === 'input') continue;
    const inShape = graph.layers[layer.inputs[0]!]!.shape;
    const made = createWeights(layer, inShape, nextSeed);
    byLayer.set(layer.name, { ...made.trainable, ...made.state });
    if (layer.kind === 'batchNorm' && full.auxBatchNorm) {
      const twin = createWeights(layer, inShape, nextSeed);
      aux.set(layer.name, { ...twin.trainable, ...twin.state });
    }
  }
  const depth = full.filters.length;
  const idx = Array.from({ length: depth }, (_, i) => i);
  const conv = (i: number): Weights => byLayer.get(`conv${i}`)!;
  const bnSets = full.batchNorm ? [byLayer, ...(full.auxBatchNorm ? [aux] : [])] : [];
  const bnName = (s: number, i: number): string => `bn${i}${s ? '_aux' : ''}`;
  const kernels = idx.map((i) => conv(i)['kernel']!);
  const biases = full.batchNorm ? [] : idx.map((i) => conv(i)['bias']!);
  const dense = byLayer.get('dense')!;
  // The order and names of the weights before the network was an IR graph (stored names stay valid).
  const trainable = [
    ...kernels,
    ...biases,
    ...bnSets.flatMap((set) => idx.flatMap((i) => [set.get(`bn${i}`)!['gamma']!, set.get(`bn${i}`)!['beta']!])),
    dense['kernel']!,
    dense['bias']!,
  ];
  const state = bnSets.flatMap((set) => idx.flatMap((i) => [set.get(`bn${i}`)!['moving_mean']!, set.get(`bn${i}`)!['moving_variance']!]));
  const names = [
    ...idx.map((i) => `conv${i}/kernel`),
    ...biases.map((_, i) => `conv${i}/bias`),
    ...bnSets.flatMap((_, s) => idx.flatMap((i) => [`${bnName(s, i)}/gamma`, `${bnName(s, i)}/beta`])),
    'dense/kernel',
    'dense/bias',
    ...bnSets.flatMap((_, s) => idx.flatMap((i) => [`${bnName(s, i)}/moving_mean`, `${bnName(s, i)}/moving_variance`])),
  ];

  const forward = (x: tf.Tensor4D, o: ForwardOptions = {}): { logits: tf.Tensor2D; features: tf.Tensor4D[] } => {
    if (x.rank !== 4 || x.shape.slice(1).some((d, i) => d !== inputShape[i])) {
      throw new ModelsError(`expected a batch of [${inputShape.join(', ')}] inputs, got shape [${x.shape.join(', ')}]`, 'x');
    }
    const which = o.bn === 'aux' ? 1 : 0;
    if (which === 1 && !full.auxBatchNorm) throw new ModelsError('this net has no auxiliary batch norm (auxBatchNorm: false)', 'bn');
    const weightsOf = (layer: Layer): LayerWeights => (layer.kind === 'batchNorm' ? bnSets[which]! : byLayer).get(layer.name) ?? {};
    // Batch norm over shards, from the chosen BN set; the other layers are the IR's.
    const batchNorm = {
      forward(layer: LayerOf<'batchNorm'>, ins: readonly tf.Tensor[], w: LayerWeights): tf.Tensor {
        const { epsilon, momentum } = layer.config;
        const mean = w['moving_mean'] as tf.Variable;
        const variance = w['moving_variance'] as tf.Variable;
        if (!o.training) return tf.batchNorm(ins[0]!, mean, variance, w['beta'], w['gamma'], epsilon);
        const r = shardedBatchNorm(ins[0]!, {
          shards: o.shards ?? 1,
          mode: o.bnMode ?? 'crossReplica',
          epsilon,
          offset: w['beta'] as tf.Tensor1D,
          scale: w['gamma'] as tf.Tensor1D,
        });
        if (o.updateStats ?? true) {
          mean.assign(tf.add(tf.mul(mean, momentum), tf.mul(r.mean, 1 - momentum)));
          variance.assign(tf.add(tf.mul(variance, momentum), tf.mul(r.variance, 1 - momentum)));
        }
        return r.y;
      },
    };
    return tf.tidy(() => {
      const [logits, ...features] = applyGraph(graph, x, weightsOf, o.training ?? false, { batchNorm });
      return { logits: logits as tf.Tensor2D, features: features as tf.Tensor4D[] };
    });
  };

  return {
    name: graph.name,
    args: full,
    graph,
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
