/**
 * Static analysis of a graph: parameters (trainable / non-trainable, as Keras counts them),
 * multiply-adds, activation memory.
 */
import { ModelsError } from '../errors.js';
import { Graph } from './graph.js';
import { NO_COST, type LayerCost, type LayerKindSpec, type ParamCount } from './layer-kind.js';
import { layerKinds } from './layer-kinds.js';
import { numElements, type Layer, type LayerKind } from './layers.js';

export type { LayerCost, ParamCount } from './layer-kind.js';

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
    `expected a Graph or a model config with build(), got ${model === null ? 'null' : typeof model === 'object' ? ((model as object).constructor?.name ?? 'object') : typeof model}`,
    'model',
  );
}

/** Parameters and multiply-adds of `layer` in `graph` (a layer sharing weights still reports them). */
export function layerCost(graph: Graph, layer: Layer): LayerCost {
  const cost = (layerKinds[layer.kind] as LayerKindSpec<LayerKind>).cost;
  if (cost === undefined) return NO_COST;
  return cost(layer, layer.inputs.length ? graph.layers[layer.inputs[0]!]!.shape : layer.shape);
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
 * Activation memory of a graph (see {@link ActivationMemory}). Layers that alias their input at
 * inference (dropout, drop-connect, flatten) cost nothing.
 */
export function activationMemory(model: ModelLike): ActivationMemory {
  const g = toGraph(model);
  const n = g.layers.length;
  const root = new Int32Array(n);
  for (const l of g.layers) root[l.id] = layerKinds[l.kind].aliasesInput ? root[l.inputs[0]!]! : l.id;
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
