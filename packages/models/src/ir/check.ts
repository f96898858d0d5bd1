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
    throw new ModelsError('the first layer must be the input', 'layers[0]');
  graph.layers.forEach((l, i) => {
    const where = `layers[${i}] (${l.name})`;
    if (l.id !== i) throw new ModelsError(`id ${l.id} is not its position ${i}`, where);
    if (names.has(l.name)) throw new ModelsError(`duplicate name ${JSON.stringify(l.name)}`, where);
    names.add(l.name);
    if (i > 0 && l.kind === 'input') throw new ModelsError('only the first layer may be an input', where);
    for (const j of l.inputs) {
      if (!(j >= 0 && j < i)) throw new ModelsError(`input ${j} is not an earlier layer`, where);
    }
    if (l.sharedWith !== undefined) {
      const src = graph.layers[l.sharedWith];
      if (!src || l.sharedWith >= i) throw new ModelsError(`sharedWith ${l.sharedWith} is not an earlier layer`, where);
      const problem = sharingProblem(src, l, graph.layers);
      if (problem) throw new ModelsError(`cannot share weights with ${src.name}: ${problem}`, where);
    }
    validateConfig(l.kind, l.config, where);
    const expected = inferShape(
      l.kind as LayerKind,
      l.config as LayerConfigs[LayerKind],
      l.inputs.map((j) => graph.layers[j]!.shape),
      where,
    );
    if (!sameShape(expected, l.shape))
      throw new ModelsError(`shape [${l.shape.join(', ')}] differs from inferred [${expected.join(', ')}]`, where);
  });
  graph.outputs.forEach((o, k) => {
    if (!(o >= 0 && o < graph.layers.length)) throw new ModelsError(`${o} is not a layer`, `outputs[${k}]`);
  });
  return graph;
}
