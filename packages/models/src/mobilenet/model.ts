/**
 * MobileNetV2 (Sandler et al. 2018) as a symbolic config, following Keras `MobileNetV2` (width
 * multiplier `alpha`, filters divisible by 8, ReLU6, BN momentum 0.999).
 */
import { symbolic, t, registerAlias } from '@tsglove/symbolic';
import { type Graph, GraphBuilder } from '../ir/graph.js';
import { mbConv } from '../blocks/mbconv.js';
import { roundFilters } from '../efficientnet/rounding.js';

/** The inverted-residual settings (expansion t, channels c, repeats n, stride s) of the paper. */
export const MOBILENET_V2_BLOCKS: readonly { t: number; c: number; n: number; s: number }[] = [
  { t: 1, c: 16, n: 1, s: 1 },
  { t: 6, c: 24, n: 2, s: 2 },
  { t: 6, c: 32, n: 3, s: 2 },
  { t: 6, c: 64, n: 4, s: 2 },
  { t: 6, c: 96, n: 3, s: 1 },
  { t: 6, c: 160, n: 3, s: 2 },
  { t: 6, c: 320, n: 1, s: 1 },
];

registerAlias('MobileNetV2', 'tsglove.models.MobileNetV2'); // its name before 0.2, still read by fromJSON
/** MobileNetV2; `build()` gives the IR graph. */
export class MobileNetV2 extends symbolic('tsglove.models.MobileNetV2', {
  alpha: t.float({ min: 0.05 }).default(1).describe('width multiplier'),
  resolution: t.int({ min: 32 }).default(224),
  numClasses: t.int({ min: 1 }).default(1000),
  includeTop: t.bool().default(true),
}) {
  build(): Graph {
    const a = this.alpha;
    const bn = { epsilon: 1e-3, momentum: 0.999 };
    const g = new GraphBuilder([this.resolution, this.resolution, 3], `mobilenetv2_${a}_${this.resolution}`);
    let x = g.scope('stem', () => {
      const h = g.conv2d(g.input(), { filters: roundFilters(32, a), kernel: 3, stride: 2, useBias: false, name: 'conv' });
      return g.activation(g.batchNorm(h, { ...bn, name: 'bn' }), 'relu6', 'relu');
    });
    let id = 0;
    for (const b of MOBILENET_V2_BLOCKS) {
      for (let i = 0; i < b.n; i++, id++) {
        const filters = roundFilters(Math.floor(b.c * a), 1);
        x = g.scope(`block_${id}`, () =>
          mbConv(g, x, {
            filters,
            kernel: 3,
            stride: i === 0 ? b.s : 1,
            expandRatio: b.t,
            activation: 'relu6',
            bnEpsilon: bn.epsilon,
            bnMomentum: bn.momentum,
          }),
        );
      }
    }
    const last = a > 1 ? roundFilters(1280, a) : 1280;
    x = g.scope('head', () =>
      g.activation(
        g.batchNorm(g.conv2d(x, { filters: last, kernel: 1, useBias: false, name: 'conv' }), { ...bn, name: 'bn' }),
        'relu6',
        'relu',
      ),
    );
    if (!this.includeTop) return g.build(x);
    return g.build(g.dense(g.globalPool(x, { name: 'avg_pool' }), { units: this.numClasses, name: 'predictions' }));
  }
}

/** MobileNetV2 (Keras defaults: alpha 1.0 at 224×224, 1000 classes). */
export function mobileNetV2(options: { alpha?: number; resolution?: number; numClasses?: number; includeTop?: boolean } = {}): MobileNetV2 {
  return new MobileNetV2(options);
}
