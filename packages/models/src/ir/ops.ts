/**
 * `ops(model)`: the per-layer op list that the hardware cost model of `@tsglove/hwsim` consumes.
 */
import type { Op } from '@tsglove/hwsim';
import { toGraph, type ModelLike } from './analysis.js';
import { numElements } from './layers.js';

/** Elementwise arithmetic per output element of each activation (a rough, documented guess). */
const ACTIVATION_OPS: Record<string, number> = {
  relu: 1,
  relu6: 2,
  sigmoid: 4,
  swish: 5,
  gelu: 8,
  softplus: 3,
  hardSwish: 4,
  hardSigmoid: 3,
  tanh: 4,
};

/**
 * The ops of one inference, one per layer that computes something (input, dropout and
 * drop-connect layers emit nothing), in topological order, named after their layers:
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
    const elements = numElements(l.shape);
    switch (l.kind) {
      case 'input':
      case 'dropout':
      case 'dropConnect':
        break;
      case 'conv2d': {
        const c = l.config;
        const [h, w, ch] = inShape as [number, number, number];
        if (c.groups > 1 && c.groups === ch) {
          out.push({
            kind: 'depthwise',
            name: l.name,
            ifmapH: h,
            ifmapW: w,
            filterH: c.kernel[0],
            filterW: c.kernel[1],
            channels: ch,
            stride: c.stride,
            multiplier: c.filters / ch,
            padding: c.padding,
          });
        } else {
          out.push({
            kind: 'conv2d',
            name: l.name,
            ifmapH: h,
            ifmapW: w,
            filterH: c.kernel[0],
            filterW: c.kernel[1],
            channels: ch,
            numFilters: c.filters,
            stride: c.stride,
            groups: c.groups,
            padding: c.padding,
          });
        }
        break;
      }
      case 'dense': {
        const k = inShape[inShape.length - 1]!;
        out.push({ kind: 'matmul', name: l.name, m: numElements(inShape) / k, k, n: l.config.units });
        break;
      }
      case 'pool2d': {
        const [h, w, ch] = inShape as [number, number, number];
        out.push({
          kind: 'pool',
          name: l.name,
          mode: l.config.mode,
          ifmapH: h,
          ifmapW: w,
          channels: ch,
          windowH: l.config.size,
          windowW: l.config.size,
          stride: l.config.stride,
          padding: l.config.padding,
        });
        break;
      }
      case 'globalPool': {
        const [h, w, ch] = inShape as [number, number, number];
        out.push({ kind: 'pool', name: l.name, mode: 'global', ifmapH: h, ifmapW: w, channels: ch, windowH: h, windowW: w, stride: 1 });
        break;
      }
      case 'batchNorm':
        out.push({ kind: 'elementwise', name: l.name, fn: 'batchnorm', elements, opsPerElement: 2 });
        break;
      case 'activation':
        out.push({ kind: 'elementwise', name: l.name, fn: l.config.fn, elements, opsPerElement: ACTIVATION_OPS[l.config.fn] ?? 1 });
        break;
      case 'add':
        out.push({ kind: 'elementwise', name: l.name, fn: 'add', elements, inputs: l.inputs.length, opsPerElement: l.inputs.length - 1 });
        break;
      case 'multiply':
        out.push({ kind: 'elementwise', name: l.name, fn: 'multiply', elements, inputs: 2 });
        break;
      case 'fusion':
        out.push({
          kind: 'elementwise',
          name: l.name,
          fn: 'fusion',
          elements,
          inputs: l.inputs.length,
          opsPerElement: 2 * l.inputs.length,
        });
        break;
      case 'concat':
        out.push({ kind: 'elementwise', name: l.name, fn: 'concat', elements, opsPerElement: 0 });
        break;
      case 'upsample':
        out.push({ kind: 'elementwise', name: l.name, fn: 'upsample', elements, opsPerElement: 0 });
        break;
      case 'spaceToDepth':
        out.push({ kind: 'elementwise', name: l.name, fn: 'space_to_depth', elements, opsPerElement: 0 });
        break;
      default: {
        const never: never = l;
        throw new Error(`unhandled layer ${(never as { kind: string }).kind}`);
      }
    }
  }
  return out;
}
