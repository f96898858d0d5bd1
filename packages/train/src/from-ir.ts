/**
 * `toTfModel(graph)`: an IR {@link Graph} as a trainable TensorFlow.js model — one `tf.variable`
 * per IR weight (so the parameter count equals the IR's `countParams`, trainable and
 * non-trainable), and a forward function that walks `graph.layers` in order.
 *
 * Weight layouts are Keras's: conv kernels `[kh, kw, in/groups, filters]` (depthwise:
 * `[kh, kw, in, multiplier]`), dense `[in, units]`, BatchNorm γ, β, moving mean and variance.
 */
import * as tf from '@tensorflow/tfjs';
import { countParams, toGraph, type Graph, type Layer, type LayerOf, type ModelLike, type ActivationFn } from '@tsglove/models';
import { heNormal, sizeOf, type TfModel } from './model.js';
import { ModelsError } from './errors.js';
import { fusedBatchNorm, fusedChannelScale, fusedSpatialMean, fusedSwish } from './kernels/fused-ops.js';
import { fusedMovingAverages } from './kernels/optimizer-kernels.js';

/** Options of {@link toTfModel}. */
export interface ToTfModelOptions {
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/** A model built from an IR graph; `applyAll` returns every graph output. */
export interface IrTfModel extends TfModel {
  readonly graph: Graph;
  /** Forward pass returning the value of every `graph.outputs` entry, in order. */
  applyAll(x: tf.Tensor4D, training?: boolean): tf.Tensor[];
}

type Weights = Record<string, tf.Variable>;

/** A layer's weights for {@link applyGraph}, keyed like `toTfModel`'s (`kernel`, `bias`, `gamma`, …). */
export type LayerWeights = Readonly<Record<string, tf.Tensor>>;

function lastDim(shape: readonly number[]): number {
  return shape[shape.length - 1]!;
}

/** Creates the variables of one layer (none for weightless kinds). */
function makeWeights(graph: Graph, layer: Layer, nextSeed: () => number): { trainable: Weights; state: Weights } {
  const trainable: Weights = {};
  const state: Weights = {};
  const inShape = layer.inputs.length ? graph.layers[layer.inputs[0]!]!.shape : [];
  switch (layer.kind) {
    case 'conv2d': {
      const c = layer.config;
      const cin = lastDim(inShape);
      const [kh, kw] = c.kernel;
      const depthwise = c.groups === cin && c.groups > 1;
      const shape = depthwise ? [kh, kw, cin, c.filters / cin] : [kh, kw, cin / c.groups, c.filters];
      trainable['kernel'] = tf.variable(heNormal(shape, kh * kw * (cin / c.groups), nextSeed()));
      if (c.useBias) trainable['bias'] = tf.variable(tf.zeros([c.filters]));
      break;
    }
    case 'dense': {
      const cin = lastDim(inShape);
      trainable['kernel'] = tf.variable(heNormal([cin, layer.config.units], cin, nextSeed()));
      if (layer.config.useBias) trainable['bias'] = tf.variable(tf.zeros([layer.config.units]));
      break;
    }
    case 'batchNorm': {
      const ch = lastDim(layer.shape);
      if (layer.config.scale) trainable['gamma'] = tf.variable(tf.ones([ch]));
      if (layer.config.center) trainable['beta'] = tf.variable(tf.zeros([ch]));
      state['moving_mean'] = tf.variable(tf.zeros([ch]), false);
      state['moving_variance'] = tf.variable(tf.ones([ch]), false);
      break;
    }
    case 'fusion':
      trainable['weights'] = tf.variable(tf.ones([layer.inputs.length]));
      break;
    default:
      break;
  }
  return { trainable, state };
}

/** Applies an activation function. */
export function activate(x: tf.Tensor, fn: ActivationFn): tf.Tensor {
  switch (fn) {
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'swish':
      return fusedSwish(x) ?? tf.mul(x, tf.sigmoid(x));
    case 'gelu':
      return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
    case 'softplus':
      return tf.softplus(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'hardSwish':
      return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6));
    case 'hardSigmoid':
      return tf.div(tf.relu6(tf.add(x, 3)), 6);
    case 'tanh':
      return tf.tanh(x);
    default:
      throw new ModelsError('activation.fn', `unknown activation ${JSON.stringify(fn)}`);
  }
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
      throw new ModelsError(`${layer.name}`, 'inference-mode batch norm needs moving statistics (apply with training = true)');
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

/** The value of one layer from its inputs' values. */
function forward(layer: Layer, ins: tf.Tensor[], w: LayerWeights, s: Partial<Weights>, training: boolean): tf.Tensor {
  const x = ins[0]!;
  switch (layer.kind) {
    case 'input':
      throw new ModelsError(`layers[${layer.id}]`, 'an input layer can only be first');
    case 'conv2d':
      return conv(layer, x as tf.Tensor4D, w);
    case 'dense': {
      const units = layer.config.units;
      const flat = tf.reshape(x, [-1, lastDim(x.shape)]);
      let y: tf.Tensor = tf.matMul(flat as tf.Tensor2D, w['kernel']! as tf.Tensor2D);
      if (w['bias']) y = tf.add(y, w['bias']);
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), units]);
    }
    case 'batchNorm':
      return batchNorm(layer, x, w, s, training);
    case 'activation':
      return activate(x, layer.config.fn);
    case 'pool2d': {
      const c = layer.config;
      const pool = c.mode === 'max' ? tf.maxPool : tf.avgPool;
      return pool(x as tf.Tensor4D, c.size, c.stride, c.padding);
    }
    case 'globalPool':
      if (layer.config.mode === 'max') return tf.max(x, [1, 2], layer.config.keepDims);
      return fusedSpatialMean(x, layer.config.keepDims) ?? tf.mean(x, [1, 2], layer.config.keepDims);
    case 'add':
      return tf.addN(ins);
    case 'multiply':
      return fusedChannelScale(x, ins[1]!) ?? fusedChannelScale(ins[1]!, x) ?? tf.mul(x, ins[1]!);
    case 'concat':
      return tf.concat(ins, -1);
    case 'fusion': {
      const weights = w['weights']!;
      const coeffs = layer.config.method === 'softmax' ? tf.softmax(weights) : tf.relu(weights);
      const parts = tf.unstack(coeffs).map((ci, i) => tf.mul(ins[i]!, ci));
      const sum = tf.addN(parts);
      return layer.config.method === 'softmax' ? sum : tf.div(sum, tf.add(tf.sum(coeffs), layer.config.epsilon));
    }
    case 'upsample': {
      const [, h, wd] = (x as tf.Tensor4D).shape;
      return tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [h * layer.config.factor, wd * layer.config.factor]);
    }
    case 'spaceToDepth':
      return spaceToDepth(x as tf.Tensor4D, layer.config.blockSize);
    case 'dropout':
      return training && layer.config.rate > 0 ? tf.dropout(x, layer.config.rate) : x;
    case 'dropConnect': {
      const keep = 1 - layer.config.rate;
      if (!training || layer.config.rate === 0) return x;
      const mask = tf.floor(tf.add(tf.randomUniform([x.shape[0]!, ...x.shape.slice(1).map(() => 1)]), keep));
      return tf.mul(tf.div(x, keep), mask);
    }
    default:
      throw new ModelsError(`layers[${(layer as Layer).id}].kind`, `unknown layer kind ${JSON.stringify((layer as Layer).kind)}`);
  }
}

/**
 * The forward pass of `graph` on `x` with weights from `weightsOf(layer)` (e.g. slices of shared
 * supernet variables): every output of the graph. Batch norm uses batch statistics (no moving
 * averages are kept); dropout and drop-connect are active when `training`. Call it inside a tidy.
 */
export function applyGraph(graph: Graph, x: tf.Tensor4D, weightsOf: (layer: Layer) => LayerWeights, training = true): tf.Tensor[] {
  const values: tf.Tensor[] = new Array(graph.layers.length);
  values[0] = x;
  for (let i = 1; i < graph.layers.length; i++) {
    const layer = graph.layers[i]!;
    values[i] = forward(
      layer,
      layer.inputs.map((id) => values[id]!),
      weightsOf(layer),
      {},
      layer.kind === 'batchNorm' ? true : training,
    );
  }
  return graph.outputs.map((id) => values[id]!);
}

/**
 * Builds a trainable TensorFlow.js model from an IR graph (or anything with `build()`), with
 * seeded He-normal kernels, zero biases, BatchNorm γ = 1, β = 0, moving mean 0, variance 1.
 */
export function toTfModel(model: ModelLike, options: ToTfModelOptions = {}): IrTfModel {
  const graph = toGraph(model);
  let seed = options.seed ?? 0;
  const nextSeed = (): number => seed++;
  const perLayer = graph.layers.map((l) => makeWeights(graph, l, nextSeed));
  const trainable: tf.Variable[] = [];
  const state: tf.Variable[] = [];
  const trainableNames: string[] = [];
  const stateNames: string[] = [];
  perLayer.forEach((p, i) => {
    for (const [k, v] of Object.entries(p.trainable)) {
      trainable.push(v);
      trainableNames.push(`${graph.layers[i]!.name}/${k}`);
    }
    for (const [k, v] of Object.entries(p.state)) {
      state.push(v);
      stateNames.push(`${graph.layers[i]!.name}/${k}`);
    }
  });
  const expected = countParams(graph);
  const got = { trainable: sizeOf(trainable), nonTrainable: sizeOf(state) };
  if (got.trainable !== expected.trainable || got.nonTrainable !== expected.nonTrainable) {
    trainable.concat(state).forEach((v) => v.dispose());
    throw new ModelsError(
      graph.name,
      `built ${got.trainable}+${got.nonTrainable} parameters, the IR counts ${expected.trainable}+${expected.nonTrainable}`,
    );
  }
  const inputShape = [...graph.inputShape];

  const applyAll = (x: tf.Tensor4D, training = false): tf.Tensor[] => {
    if (x.rank !== 4 || x.shape.slice(1).some((d, i) => d !== inputShape[i])) {
      throw new ModelsError('x', `expected a batch of [${inputShape.join(', ')}] inputs, got shape [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const values: tf.Tensor[] = new Array(graph.layers.length);
      values[0] = x;
      for (let i = 1; i < graph.layers.length; i++) {
        const layer = graph.layers[i]!;
        const p = perLayer[i]!;
        values[i] = forward(
          layer,
          layer.inputs.map((id) => values[id]!),
          p.trainable,
          p.state,
          training,
        );
      }
      return graph.outputs.map((id) => values[id]!);
    });
  };

  return {
    name: graph.name,
    graph,
    trainableWeights: trainable,
    nonTrainableWeights: state,
    weightNames: [...trainableNames, ...stateNames],
    inputShape,
    applyAll,
    apply: (x, training = false) => {
      const outs = applyAll(x, training);
      tf.dispose(outs.slice(1));
      return outs[0] as tf.Tensor2D;
    },
    countParams: () => ({ ...got }),
    dispose: () => trainable.concat(state).forEach((v) => v.dispose()),
  };
}
