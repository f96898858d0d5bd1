/**
 * A model described by plain data, so another thread can build the same network: the bench CNN
 * or an IR graph (its JSON form).
 */
import { Graph, type Layer } from '@tsglove/models';
import { smallCnn, type SmallCnnOptions } from './small-cnn.js';
import { toTfModel } from './from-ir.js';
import type { TfModel } from './model.js';
import { ModelsError } from './errors.js';

/** Plain-data description of a model (structured-clone safe). */
export type ModelSpec =
  | { kind: 'smallCnn'; options?: SmallCnnOptions }
  | { kind: 'graph'; graph: { name: string; layers: readonly Layer[]; outputs: readonly number[] }; seed?: number };

/** Builds the model a {@link ModelSpec} describes. */
export function buildModel(spec: ModelSpec): TfModel {
  switch (spec.kind) {
    case 'smallCnn':
      return smallCnn(spec.options);
    case 'graph':
      return toTfModel(new Graph(spec.graph.name, spec.graph.layers, spec.graph.outputs), { seed: spec.seed ?? 0 });
    default:
      throw new ModelsError(`expected "smallCnn" or "graph", got ${JSON.stringify((spec as { kind: unknown }).kind)}`, 'spec.kind');
  }
}
