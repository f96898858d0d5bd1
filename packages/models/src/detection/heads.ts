/**
 * Detection heads shared across pyramid levels (RetinaNet, EfficientDet): a tower of convs whose
 * weights are shared by every level, with a batch norm per level, then a prediction conv (shared).
 */
import type { GraphBuilder, Tensor } from '../ir/graph.js';
import type { ActivationFn } from '../ir/layers.js';
import { separableConv2d, type SeparableConv } from '../blocks/separable.js';

/** Options of {@link sharedHead}. */
export interface HeadOptions {
  /** Convs in the tower. */
  repeats: number;
  /** Tower width. */
  filters: number;
  /** Output channels of the prediction conv (anchors × classes, or anchors × 4). */
  outputs: number;
  separable: boolean;
  activation: ActivationFn;
  /** Batch norm after each tower conv (per level). */
  batchNorm: boolean;
  /** Bias on the tower convs (the prediction conv always has one). */
  towerBias: boolean;
  bnEpsilon?: number;
  bnMomentum?: number;
}

type Conv = SeparableConv | Tensor;

/** Applies one head to every level (weights shared); returns one prediction map per level. */
export function sharedHead(g: GraphBuilder, levels: readonly Tensor[], name: string, o: HeadOptions): Tensor[] {
  const tower: (Conv | undefined)[] = [];
  let predict: Conv | undefined;
  const conv = (x: Tensor, filters: number, bias: boolean, cname: string, share: Conv | undefined): Conv => {
    if (o.separable)
      return separableConv2d(g, x, { filters, kernel: 3, useBias: bias, name: cname, share: share as SeparableConv | undefined });
    return g.conv2d(x, { filters, kernel: 3, useBias: bias, name: cname, shareWith: share as Tensor | undefined });
  };
  const out = (c: Conv): Tensor => ('output' in c ? c.output : c);
  return levels.map((level, li) =>
    g.scope(`${name}/level${li}`, () => {
      let x = level;
      for (let i = 0; i < o.repeats; i++) {
        const c = conv(x, o.filters, o.towerBias, `conv${i}`, tower[i]);
        tower[i] ??= c;
        x = out(c);
        if (o.batchNorm) x = g.batchNorm(x, { epsilon: o.bnEpsilon, momentum: o.bnMomentum, name: `bn${i}` });
        x = g.activation(x, o.activation, `act${i}`);
      }
      const p = conv(x, o.outputs, true, 'predict', predict);
      predict ??= p;
      return out(p);
    }),
  );
}
