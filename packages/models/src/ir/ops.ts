/**
 * `ops(model)`: the per-layer op list that the hardware cost model of `@tsglove/hwsim` consumes.
 */
import type { Op } from '@tsglove/hwsim';
import { toGraph, type ModelLike } from './analysis.js';
import type { LayerKindSpec } from './layer-kind.js';
import { layerKinds } from './layer-kinds.js';
import type { LayerKind } from './layers.js';

/**
 * The ops of one inference, one per layer that computes something (input, flatten, dropout and
 * drop-connect layers emit nothing), in topological order, named after their layers. Each kind's op
 * is in its registry entry (`layer-kinds.ts`):
 * - `conv2d` → `conv2d`, or `depthwise` when every group has one input channel;
 * - `dense` → `matmul` with `m` = positions (1 for a vector), `k` = inputs, `n` = units;
 * - `pool2d` / `globalPool` → `pool`;
 * - batch norm, activations, add, multiply, concat, fusion, upsample, space-to-depth → `elementwise`.
 */
export function ops(model: ModelLike): Op[] {
  const g = toGraph(model);
  const out: Op[] = [];
  for (const l of g.layers) {
    const inShape = l.inputs.length ? g.layers[l.inputs[0]!]!.shape : l.shape;
    const op = (layerKinds[l.kind] as LayerKindSpec<LayerKind>).op(l, inShape);
    if (op) out.push(op);
  }
  return out;
}
