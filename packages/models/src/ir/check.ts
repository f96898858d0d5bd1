/**
 * `checkGraph`: verifies that a graph is well formed — ids are positions, inputs point backwards,
 * names are unique, and every stored shape equals the shape its layer rule infers.
 */
import { ModelsError } from '../errors.js';
import { sharingProblem, type Graph } from './graph.js';
import { inferShape, validateConfig } from './layer-kinds.js';
import { sameShape, type LayerConfigs, type LayerKind } from './layers.js';

/** Throws a {@link ModelsError} naming the first malformed layer; returns the graph otherwise. */
export function checkGraph(graph: Graph): Graph {
  const names = new Set<string>();
  if (graph.layers.length === 0 || graph.layers[0]!.kind !== 'input')
    throw new ModelsError('layers[0]', 'the first layer must be the input');
  graph.layers.forEach((l, i) => {
    const where = `layers[${i}] (${l.name})`;
    if (l.id !== i) throw new ModelsError(where, `id ${l.id} is not its position ${i}`);
    if (names.has(l.name)) throw new ModelsError(where, `duplicate name ${JSON.stringify(l.name)}`);
    names.add(l.name);
    if (i > 0 && l.kind === 'input') throw new ModelsError(where, 'only the first layer may be an input');
    for (const j of l.inputs) {
      if (!(j >= 0 && j < i)) throw new ModelsError(where, `input ${j} is not an earlier layer`);
    }
    if (l.sharedWith !== undefined) {
      const src = graph.layers[l.sharedWith];
      if (!src || l.sharedWith >= i) throw new ModelsError(where, `sharedWith ${l.sharedWith} is not an earlier layer`);
      const problem = sharingProblem(src, l, graph.layers);
      if (problem) throw new ModelsError(where, `cannot share weights with ${src.name}: ${problem}`);
    }
    validateConfig(l.kind, l.config, where);
    const expected = inferShape(
      l.kind as LayerKind,
      l.config as LayerConfigs[LayerKind],
      l.inputs.map((j) => graph.layers[j]!.shape),
      where,
    );
    if (!sameShape(expected, l.shape))
      throw new ModelsError(where, `shape [${l.shape.join(', ')}] differs from inferred [${expected.join(', ')}]`);
  });
  graph.outputs.forEach((o, k) => {
    if (!(o >= 0 && o < graph.layers.length)) throw new ModelsError(`outputs[${k}]`, `${o} is not a layer`);
  });
  return graph;
}
