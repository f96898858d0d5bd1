/**
 * ResNet v1 with bottleneck blocks (He et al. 2016) as a symbolic config; the layout follows Keras
 * `ResNet50` (convs with biases, BN ε = 1.001e-5, the stride on the first 1×1 conv of a stage), so
 * `resNet50()` counts 25,583,592 trainable + 53,120 non-trainable parameters like Keras.
 */
import { symbolic, t, registerAlias } from '@tsglove/symbolic';
import { UnknownPresetError } from '../errors.js';
import { type Graph, GraphBuilder, type Tensor } from '../ir/graph.js';

/** Bottleneck blocks per stage of the standard depths. */
export const RESNET_STAGES = {
  50: [3, 4, 6, 3],
  101: [3, 4, 23, 3],
  152: [3, 8, 36, 3],
} as const satisfies Record<number, readonly number[]>;

/** What {@link resNetBody} returns. */
export interface ResNetBody {
  output: Tensor;
  /** `endpoints[l]`: output of the stage at stride 2^l (l = 2..5). */
  endpoints: Tensor[];
}

/**
 * One bottleneck block: 1×1/s → 3×3 → 1×1 (×4), BN after each, ReLU after the first two and after
 * the residual add; a 1×1/s projection shortcut when `projection`.
 */
export function bottleneck(
  g: GraphBuilder,
  x: Tensor,
  filters: number,
  stride: number,
  projection: boolean,
  o: { epsilon: number; useBias: boolean },
): Tensor {
  const bn = (h: Tensor, name: string): Tensor => g.batchNorm(h, { epsilon: o.epsilon, name });
  const shortcut = projection
    ? bn(g.conv2d(x, { filters: 4 * filters, kernel: 1, stride, useBias: o.useBias, name: '0_conv' }), '0_bn')
    : x;
  let h = g.activation(bn(g.conv2d(x, { filters, kernel: 1, stride, useBias: o.useBias, name: '1_conv' }), '1_bn'), 'relu', '1_relu');
  h = g.activation(bn(g.conv2d(h, { filters, kernel: 3, useBias: o.useBias, name: '2_conv' }), '2_bn'), 'relu', '2_relu');
  h = bn(g.conv2d(h, { filters: 4 * filters, kernel: 1, useBias: o.useBias, name: '3_conv' }), '3_bn');
  return g.activation(g.add([shortcut, h], 'add'), 'relu', 'out');
}

/** Stem and stages of a ResNet (no head); used by RetinaNet too. */
export function resNetBody(
  g: GraphBuilder,
  input: Tensor,
  stages: readonly number[],
  o: { epsilon: number; useBias: boolean } = { epsilon: 1.001e-5, useBias: true },
): ResNetBody {
  let x = g.scope('conv1', () => {
    const h = g.conv2d(input, { filters: 64, kernel: 7, stride: 2, useBias: o.useBias, name: 'conv' });
    return g.activation(g.batchNorm(h, { epsilon: o.epsilon, name: 'bn' }), 'relu', 'relu');
  });
  x = g.maxPool(x, { size: 3, stride: 2, padding: 'same', name: 'pool1' });
  const endpoints: Tensor[] = [];
  stages.forEach((blocks, s) => {
    const filters = 64 * 2 ** s;
    for (let b = 0; b < blocks; b++) {
      x = g.scope(`conv${s + 2}_block${b + 1}`, () => bottleneck(g, x, filters, b === 0 && s > 0 ? 2 : 1, b === 0, o));
    }
    endpoints[s + 2] = x;
  });
  return { output: x, endpoints };
}

registerAlias('ResNet', 'tsglove.models.ResNet'); // its name before 0.2, still read by fromJSON
/** A ResNet v1 configuration; `build()` gives the IR graph. */
export class ResNet extends symbolic('tsglove.models.ResNet', {
  stages: t.list(t.int({ min: 1 }), { minSize: 1, maxSize: 8 }).describe('bottleneck blocks per stage'),
  resolution: t.int({ min: 32 }).default(224),
  numClasses: t.int({ min: 1 }).default(1000),
  includeTop: t.bool().default(true),
}) {
  build(): Graph {
    const g = new GraphBuilder([this.resolution, this.resolution, 3], `resnet${2 + 3 * this.stages.reduce((a, b) => a + b, 0)}`);
    const body = resNetBody(g, g.input(), [...this.stages]);
    if (!this.includeTop) return g.build(body.output);
    const y = g.dense(g.globalPool(body.output, { name: 'avg_pool' }), { units: this.numClasses, name: 'predictions' });
    return g.build(y);
  }
}

/** ResNet-50/101/152. */
export function resNet(depth: 50 | 101 | 152, options: { resolution?: number; numClasses?: number; includeTop?: boolean } = {}): ResNet {
  const stages = (RESNET_STAGES as Record<number, readonly number[]>)[depth];
  if (!stages) throw new UnknownPresetError(String(depth), Object.keys(RESNET_STAGES), 'depth');
  return new ResNet({ stages: [...stages], ...options });
}

/** ResNet-50 (Keras layout). */
export function resNet50(options: { resolution?: number; numClasses?: number; includeTop?: boolean } = {}): ResNet {
  return resNet(50, options);
}
