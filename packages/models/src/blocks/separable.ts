/** Separable convolution (depthwise k×k + pointwise 1×1, Keras `SeparableConv2D`) on the IR. */
import type { GraphBuilder, Tensor } from '../ir/graph.js';

/** The two layers of a separable conv, to share their weights elsewhere. */
export interface SeparableConv {
  output: Tensor;
  depthwise: Tensor;
  pointwise: Tensor;
}

/**
 * Adds a separable conv: depthwise k×k/s (no bias) then pointwise 1×1 (bias if `useBias`,
 * default true as in Keras). `share` reuses the weights of an earlier separable conv.
 */
export function separableConv2d(
  g: GraphBuilder,
  x: Tensor,
  o: { filters: number; kernel: number; stride?: number; useBias?: boolean; name?: string; share?: SeparableConv },
): SeparableConv {
  const name = o.name ?? 'separable_conv';
  const depthwise = g.depthwiseConv2d(x, {
    kernel: o.kernel,
    stride: o.stride ?? 1,
    name: `${name}/depthwise`,
    shareWith: o.share?.depthwise,
  });
  const pointwise = g.conv2d(depthwise, {
    filters: o.filters,
    kernel: 1,
    useBias: o.useBias ?? true,
    name: `${name}/pointwise`,
    shareWith: o.share?.pointwise,
  });
  return { output: pointwise, depthwise, pointwise };
}
