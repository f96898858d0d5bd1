/**
 * Static analysis of a graph: parameters (trainable / non-trainable, as Keras counts them),
 * multiply-adds, activation memory.
 */
import { ModelsError } from '../errors.js';
import { Graph } from './graph.js';
import { numElements, type Layer } from './layers.js';

/** A graph, or anything that builds one (a model config such as `efficientNet('b0')`). */
export type ModelLike = Graph | { build(): Graph };

/** The graph of a {@link ModelLike}. */
export function toGraph(model: ModelLike): Graph {
  if (model instanceof Graph) return model;
  if (model && typeof (model as { build?: unknown }).build === 'function') {
    const g = model.build();
    if (g instanceof Graph) return g;
  }
  throw new ModelsError(
    'model',
    `expected a Graph or a model config with build(), got ${model === null ? 'null' : typeof model === 'object' ? ((model as object).constructor?.name ?? 'object') : typeof model}`,
  );
}

/** Parameter counts. */
export interface ParamCount {
  /** Weights, biases, BatchNorm γ/β, fusion weights. */
  trainable: number;
  /** BatchNorm moving mean and variance. */
  nonTrainable: number;
}

/** Parameters and multiply-adds of one layer. */
export interface LayerCost extends ParamCount {
  /** Multiply-adds (convolutions and dense layers; 0 for the rest). */
  macs: number;
}

function channelsOf(graph: Graph, layer: Layer, input = 0): number {
  const s = graph.layers[layer.inputs[input]!]!.shape;
  return s[s.length - 1]!;
}

/** Parameters and multiply-adds of `layer` in `graph` (a layer sharing weights still reports them). */
export function layerCost(graph: Graph, layer: Layer): LayerCost {
  switch (layer.kind) {
    case 'conv2d': {
      const c = layer.config;
      const perOut = c.kernel[0] * c.kernel[1] * (channelsOf(graph, layer) / c.groups);
      return {
        trainable: perOut * c.filters + (c.useBias ? c.filters : 0),
        nonTrainable: 0,
        macs: numElements(layer.shape) * perOut,
      };
    }
    case 'dense': {
      const cin = channelsOf(graph, layer);
      const units = layer.config.units;
      return { trainable: cin * units + (layer.config.useBias ? units : 0), nonTrainable: 0, macs: numElements(layer.shape) * cin };
    }
    case 'batchNorm': {
      const ch = layer.shape[layer.shape.length - 1]!;
      return { trainable: ((layer.config.center ? 1 : 0) + (layer.config.scale ? 1 : 0)) * ch, nonTrainable: 2 * ch, macs: 0 };
    }
    case 'fusion':
      return { trainable: layer.inputs.length, nonTrainable: 0, macs: 0 };
    default:
      return { trainable: 0, nonTrainable: 0, macs: 0 };
  }
}

/** Trainable and non-trainable parameters (Keras's `model.summary()` split). */
export function countParams(model: ModelLike): ParamCount {
  const g = toGraph(model);
  let trainable = 0;
  let nonTrainable = 0;
  for (const l of g.layers) {
    if (l.sharedWith !== undefined) continue;
    const c = layerCost(g, l);
    trainable += c.trainable;
    nonTrainable += c.nonTrainable;
  }
  return { trainable, nonTrainable };
}

/** Multiply-adds of one inference on one input (convolutions and dense layers). */
export function countFlops(model: ModelLike): number {
  const g = toGraph(model);
  let macs = 0;
  for (const l of g.layers) macs += layerCost(g, l).macs;
  return macs;
}

/** Activation memory of one inference, in elements (multiply by bytes per element for bytes). */
export interface ActivationMemory {
  /** Sum of every layer's output (input included): what training keeps for the backward pass. */
  total: number;
  /** Largest sum of live tensors when layers run in order and a tensor is freed after its last use. */
  peak: number;
}

/**
 * Activation memory of a graph (see {@link ActivationMemory}). Dropout and drop-connect are
 * identities at inference: their outputs alias their inputs and cost nothing.
 */
export function activationMemory(model: ModelLike): ActivationMemory {
  const g = toGraph(model);
  const n = g.layers.length;
  const root = new Int32Array(n);
  for (const l of g.layers) root[l.id] = l.kind === 'dropout' || l.kind === 'dropConnect' ? root[l.inputs[0]!]! : l.id;
  const lastUse = new Int32Array(n);
  for (let i = 0; i < n; i++) lastUse[i] = i;
  for (const l of g.layers) for (const i of l.inputs) lastUse[root[i]!] = Math.max(lastUse[root[i]!]!, l.id);
  for (const o of g.outputs) lastUse[root[o]!] = n;
  const freeAt: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let i = 0; i < n; i++) if (root[i] === i) freeAt[lastUse[i]!]!.push(i);
  let total = 0;
  let live = 0;
  let peak = 0;
  for (const l of g.layers) {
    if (root[l.id] === l.id) {
      const size = numElements(l.shape);
      total += size;
      live += size;
      peak = Math.max(peak, live);
    }
    for (const i of freeAt[l.id]!) live -= numElements(g.layers[i]!.shape);
  }
  return { total, peak };
}
