/**
 * The TensorFlow.js builder of every IR layer kind: the variables it owns (Keras layouts: conv
 * kernels `[kh, kw, in/groups, filters]`, depthwise `[kh, kw, in, multiplier]`, dense `[in, units]`,
 * BatchNorm γ, β, moving mean and variance) and its forward pass. The record is keyed like the
 * registry of `@tsglove/models` (`layerKinds`) and typed so that a kind without a builder fails to
 * compile.
 */
import * as tf from '@tensorflow/tfjs';
import type { Layer, LayerKind, LayerOf, Shape } from '@tsglove/models';
import { activate } from './activations.js';
import { ModelsError } from './errors.js';
import { fusedBatchNorm, fusedChannelScale, fusedSpatialMean } from './kernels/fused-ops.js';
import { fusedMovingAverages } from './kernels/optimizer-kernels.js';
import { heNormal } from './model.js';

/** Variables by name (`kernel`, `bias`, `gamma`, `beta`, `moving_mean`, …). */
export type Weights = Record<string, tf.Variable>;

/** A layer's weights for a forward pass, keyed like its builder's variables. */
export type LayerWeights = Readonly<Record<string, tf.Tensor>>;

/** One variable of a layer: its name, shape, initial values and whether the optimizer trains it. */
export interface WeightSpec {
  /** Key within the layer (`kernel`, `bias`, `gamma`, `beta`, `moving_mean`, …). */
  readonly name: string;
  readonly shape: readonly number[];
  /** `heNormal` draws from `N(0, 2 / fanIn)` with the layer's next seed. */
  readonly init: 'heNormal' | 'zeros' | 'ones';
  /** Fan-in of `heNormal`. */
  readonly fanIn?: number;
  /** False for state updated outside the optimizer (BatchNorm moving statistics). */
  readonly trainable: boolean;
}

/** The TensorFlow.js side of one layer kind. */
export interface TfLayerBuilder<K extends LayerKind> {
  /** The layer's variables (kinds without weights leave it out); `inShape` is the first input's shape. */
  weights?(layer: LayerOf<K>, inShape: Shape): readonly WeightSpec[];
  /**
   * The layer's value from its inputs' values. `state` holds the non-trainable variables (empty
   * when the caller keeps none); `training` switches batch statistics, dropout and drop-connect.
   */
  forward(layer: LayerOf<K>, ins: readonly tf.Tensor[], w: LayerWeights, state: Partial<Weights>, training: boolean): tf.Tensor;
}

/** The builders of every layer kind, keyed by kind. */
export type TfLayerBuilders = { readonly [K in LayerKind]: TfLayerBuilder<K> };

function lastDim(shape: readonly number[]): number {
  return shape[shape.length - 1]!;
}

function conv(layer: LayerOf<'conv2d'>, x: tf.Tensor4D, w: LayerWeights): tf.Tensor {
  const c = layer.config;
  const kernel = w['kernel']! as tf.Tensor4D;
  const cin = x.shape[3];
  let y: tf.Tensor;
  if (c.groups === 1) {
    y = tf.conv2d(x, kernel, c.stride, c.padding, 'NHWC', c.dilation);
  } else if (c.groups === cin) {
    y = tf.depthwiseConv2d(x, kernel, c.stride, c.padding, 'NHWC', c.dilation);
  } else {
    const xs = tf.split(x, c.groups, 3);
    const ks = tf.split(kernel, c.groups, 3);
    y = tf.concat(
      xs.map((xi, i) => tf.conv2d(xi as tf.Tensor4D, ks[i]! as tf.Tensor4D, c.stride, c.padding, 'NHWC', c.dilation)),
      3,
    );
  }
  return w['bias'] ? tf.add(y, w['bias']) : y;
}

function batchNorm(layer: LayerOf<'batchNorm'>, x: tf.Tensor, w: LayerWeights, s: Partial<Weights>, training: boolean): tf.Tensor {
  const { epsilon, momentum } = layer.config;
  const movingMean = s['moving_mean'];
  const movingVar = s['moving_variance'];
  if (!training) {
    if (!movingMean || !movingVar)
      throw new ModelsError('inference-mode batch norm needs moving statistics (apply with training = true)', `${layer.name}`);
    return tf.batchNorm(x, movingMean, movingVar, w['beta'], w['gamma'], epsilon);
  }
  // The fused op normalizes over every axis but the last, as the axes below for ranks 4 and 2.
  const fused = x.rank === 4 || x.rank === 2 ? fusedBatchNorm(x, w['gamma'], w['beta'], epsilon) : null;
  const axes = x.rank === 4 ? [0, 1, 2] : [0];
  const { mean, variance } = fused ?? tf.moments(x, axes);
  if (movingMean && movingVar && !fusedMovingAverages([movingMean, movingVar], [mean, variance], momentum)) {
    tf.tidy(() => {
      movingMean.assign(tf.add(tf.mul(movingMean, momentum), tf.mul(mean, 1 - momentum)));
      movingVar.assign(tf.add(tf.mul(movingVar, momentum), tf.mul(variance, 1 - momentum)));
    });
  }
  if (fused) return fused.y;
  // Broadcasting ops rather than tf.batchNorm: its gradient tiles 1/σ to the input's full shape,
  // which is slow on wasm (Tile dominated a NAS-Bench-Macro training step).
  let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
  if (w['gamma']) y = tf.mul(y, w['gamma']);
  return w['beta'] ? tf.add(y, w['beta']) : y;
}

function spaceToDepth(x: tf.Tensor4D, b: number): tf.Tensor {
  const [n, h, w, c] = x.shape;
  const t = tf.reshape(x, [n, h / b, b, w / b, b, c]);
  return tf.reshape(tf.transpose(t, [0, 1, 3, 2, 4, 5]), [n, h / b, w / b, b * b * c]);
}

/** Every kind's builder (see the file comment). */
export const tfLayers: TfLayerBuilders = Object.freeze({
  input: {
    forward: (layer) => {
      throw new ModelsError('an input layer can only be first', `layers[${layer.id}]`);
    },
  },
  conv2d: {
    weights(layer, inShape) {
      const c = layer.config;
      const cin = lastDim(inShape);
      const [kh, kw] = c.kernel;
      const depthwise = c.groups === cin && c.groups > 1;
      const shape = depthwise ? [kh, kw, cin, c.filters / cin] : [kh, kw, cin / c.groups, c.filters];
      const kernel: WeightSpec = { name: 'kernel', shape, init: 'heNormal', fanIn: kh * kw * (cin / c.groups), trainable: true };
      return c.useBias ? [kernel, { name: 'bias', shape: [c.filters], init: 'zeros', trainable: true }] : [kernel];
    },
    forward: (layer, ins, w) => conv(layer, ins[0] as tf.Tensor4D, w),
  },
  dense: {
    weights(layer, inShape) {
      const cin = lastDim(inShape);
      const units = layer.config.units;
      const kernel: WeightSpec = { name: 'kernel', shape: [cin, units], init: 'heNormal', fanIn: cin, trainable: true };
      return layer.config.useBias ? [kernel, { name: 'bias', shape: [units], init: 'zeros', trainable: true }] : [kernel];
    },
    forward(layer, ins, w) {
      const x = ins[0]!;
      const flat = x.rank === 2 ? x : tf.reshape(x, [-1, lastDim(x.shape)]);
      let y: tf.Tensor = tf.matMul(flat as tf.Tensor2D, w['kernel']! as tf.Tensor2D);
      if (w['bias']) y = tf.add(y, w['bias']);
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), layer.config.units]);
    },
  },
  flatten: {
    forward: (_layer, ins) => tf.reshape(ins[0]!, [ins[0]!.shape[0]!, -1]),
  },
  batchNorm: {
    weights(layer) {
      const shape = [lastDim(layer.shape)];
      return [
        ...(layer.config.scale ? [{ name: 'gamma', shape, init: 'ones', trainable: true } as const] : []),
        ...(layer.config.center ? [{ name: 'beta', shape, init: 'zeros', trainable: true } as const] : []),
        { name: 'moving_mean', shape, init: 'zeros', trainable: false },
        { name: 'moving_variance', shape, init: 'ones', trainable: false },
      ];
    },
    forward: (layer, ins, w, s, training) => batchNorm(layer, ins[0]!, w, s, training),
  },
  activation: {
    forward: (layer, ins) => activate(ins[0]!, layer.config.fn, layer.config.alpha, `${layer.name}.fn`),
  },
  pool2d: {
    forward(layer, ins) {
      const c = layer.config;
      const pool = c.mode === 'max' ? tf.maxPool : tf.avgPool;
      return pool(ins[0] as tf.Tensor4D, c.size, c.stride, c.padding);
    },
  },
  globalPool: {
    forward: (layer, ins) =>
      layer.config.mode === 'max'
        ? tf.max(ins[0]!, [1, 2], layer.config.keepDims)
        : (fusedSpatialMean(ins[0]!, layer.config.keepDims) ?? tf.mean(ins[0]!, [1, 2], layer.config.keepDims)),
  },
  add: { forward: (_layer, ins) => tf.addN(ins as tf.Tensor[]) },
  multiply: {
    forward: (_layer, [x, g]) => fusedChannelScale(x!, g!) ?? fusedChannelScale(g!, x!) ?? tf.mul(x!, g!),
  },
  concat: { forward: (_layer, ins) => tf.concat(ins as tf.Tensor[], -1) },
  fusion: {
    weights: (layer) => [{ name: 'weights', shape: [layer.inputs.length], init: 'ones', trainable: true }],
    forward(layer, ins, w) {
      const coeffs = layer.config.method === 'softmax' ? tf.softmax(w['weights']!) : tf.relu(w['weights']!);
      const sum = tf.addN(tf.unstack(coeffs).map((ci, i) => tf.mul(ins[i]!, ci)));
      return layer.config.method === 'softmax' ? sum : tf.div(sum, tf.add(tf.sum(coeffs), layer.config.epsilon));
    },
  },
  upsample: {
    forward(layer, ins) {
      const x = ins[0] as tf.Tensor4D;
      const [, h, wd] = x.shape;
      return tf.image.resizeNearestNeighbor(x, [h * layer.config.factor, wd * layer.config.factor]);
    },
  },
  spaceToDepth: { forward: (layer, ins) => spaceToDepth(ins[0] as tf.Tensor4D, layer.config.blockSize) },
  dropout: {
    forward: (layer, ins, _w, _s, training) => (training && layer.config.rate > 0 ? tf.dropout(ins[0]!, layer.config.rate) : ins[0]!),
  },
  dropConnect: {
    forward(layer, ins, _w, _s, training) {
      const x = ins[0]!;
      const keep = 1 - layer.config.rate;
      if (!training || layer.config.rate === 0) return x;
      const mask = tf.floor(tf.add(tf.randomUniform([x.shape[0]!, ...x.shape.slice(1).map(() => 1)]), keep));
      return tf.mul(tf.div(x, keep), mask);
    },
  },
});

/** The builder of `layer`'s kind, or its replacement in `overrides` (the cast only forgets which kind). */
export function tfLayerOf(layer: Layer, overrides?: Partial<TfLayerBuilders>): TfLayerBuilder<LayerKind> {
  return ((overrides && overrides[layer.kind]) ?? tfLayers[layer.kind]) as unknown as TfLayerBuilder<LayerKind>;
}

/** The variables of one layer (none for weightless kinds); `inShape` is its first input's shape. */
export function weightSpecs(layer: Layer, inShape: Shape): readonly WeightSpec[] {
  return tfLayerOf(layer).weights?.(layer, inShape) ?? [];
}

/**
 * Creates the variables of one layer from its {@link weightSpecs}; `nextSeed()` hands out the seeds
 * of He-normal values in layer order.
 */
export function createWeights(layer: Layer, inShape: Shape, nextSeed: () => number): { trainable: Weights; state: Weights } {
  const trainable: Weights = {};
  const state: Weights = {};
  for (const w of weightSpecs(layer, inShape)) {
    const shape = [...w.shape];
    const seed = w.init === 'heNormal' ? nextSeed() : 0;
    const initial = (): tf.Tensor =>
      w.init === 'heNormal' ? heNormal(shape, w.fanIn ?? 1, seed) : w.init === 'ones' ? tf.ones(shape) : tf.zeros(shape);
    (w.trainable ? trainable : state)[w.name] = tf.tidy(() => tf.variable(initial(), w.trainable));
  }
  return { trainable, state };
}
