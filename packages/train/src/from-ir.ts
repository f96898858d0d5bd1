/**
 * `toTfModel(graph)`: an IR {@link Graph} as a trainable TensorFlow.js model — one `tf.variable`
 * per IR weight (so the parameter count equals the IR's `countParams`, trainable and
 * non-trainable), and a forward function that walks `graph.layers` in order.
 *
 * Each kind's variables and forward pass are its builder in `tf-layers.ts` (Keras weight layouts).
 */
import * as tf from '@tensorflow/tfjs';
import { countParams, toGraph, type Graph, type Layer, type ModelLike, type Shape } from '@tsglove/models';
import { sizeOf, type TfModel } from './model.js';
import { ModelsError } from './errors.js';
import { createWeights, tfLayerOf, type LayerWeights, type TfLayerBuilders } from './tf-layers.js';

export type { LayerWeights } from './tf-layers.js';

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

function inputShapeOf(graph: Graph, layer: Layer): Shape {
  return layer.inputs.length ? graph.layers[layer.inputs[0]!]!.shape : [];
}

/**
 * The forward pass of `graph` on `x` with weights from `weightsOf(layer)` (e.g. slices of shared
 * supernet variables): every output of the graph. Batch norm uses batch statistics (no moving
 * averages are kept); dropout and drop-connect are active when `training`. `builders` replaces the
 * forward pass of some kinds (a replaced batch norm sees `training` as given). Call it inside a tidy.
 */
export function applyGraph(
  graph: Graph,
  x: tf.Tensor4D,
  weightsOf: (layer: Layer) => LayerWeights,
  training = true,
  builders?: Partial<TfLayerBuilders>,
): tf.Tensor[] {
  const values: tf.Tensor[] = new Array(graph.layers.length);
  values[0] = x;
  for (let i = 1; i < graph.layers.length; i++) {
    const layer = graph.layers[i]!;
    values[i] = tfLayerOf(layer, builders).forward(
      layer,
      layer.inputs.map((id) => values[id]!),
      weightsOf(layer),
      {},
      layer.kind === 'batchNorm' && !builders?.batchNorm ? true : training,
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
  const perLayer = graph.layers.map((l) => createWeights(l, inputShapeOf(graph, l), nextSeed));
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
      `built ${got.trainable}+${got.nonTrainable} parameters, the IR counts ${expected.trainable}+${expected.nonTrainable}`,
      graph.name,
    );
  }
  const inputShape = [...graph.inputShape];

  const applyAll = (x: tf.Tensor4D, training = false): tf.Tensor[] => {
    if (x.rank !== 4 || x.shape.slice(1).some((d, i) => d !== inputShape[i])) {
      throw new ModelsError(`expected a batch of [${inputShape.join(', ')}] inputs, got shape [${x.shape.join(', ')}]`, 'x');
    }
    return tf.tidy(() => {
      const values: tf.Tensor[] = new Array(graph.layers.length);
      values[0] = x;
      for (let i = 1; i < graph.layers.length; i++) {
        const layer = graph.layers[i]!;
        const p = perLayer[i]!;
        values[i] = tfLayerOf(layer).forward(
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
