/**
 * The MBConv bench network of `TRAIN-MBCONV` (bench/README.md), built on the IR; `make_mbconv_net()`
 * in bench/train_torch.py is the same network in PyTorch.
 *
 * Input 32×32×3 → stem conv 3×3, 16 filters + BN + swish → four MBConv blocks (1×1 expand + BN +
 * swish → depthwise k×k + BN + swish → squeeze-excite 0.25 of the block input → 1×1 project + BN,
 * residual when shapes agree): k3 e6 → 24 /2, k5 e6 → 24, k3 e6 → 40 /2, k5 e6 → 40 → head 1×1 →
 * 128 + BN + swish → global average pool → dense 10.
 */
import { GraphBuilder, mbConv, type Graph } from '@tsglove/models';

/** Blocks of the bench network: kernel, expansion, output filters, stride. */
export const MBCONV_BENCH_BLOCKS: ReadonlyArray<readonly [number, number, number, number]> = [
  [3, 6, 24, 2],
  [5, 6, 24, 1],
  [3, 6, 40, 2],
  [5, 6, 40, 1],
];

/** The bench MBConv network as an IR graph (batch norm ε = 1e-3, momentum 0.99, Keras defaults). */
export function mbconvBenchNet(): Graph {
  const g = new GraphBuilder([32, 32, 3], 'mbconv_bench');
  let x = g.scope('stem', () =>
    g.activation(
      g.batchNorm(g.conv2d(g.input(), { filters: 16, kernel: 3, useBias: false, name: 'conv' }), { name: 'bn' }),
      'swish',
      'swish',
    ),
  );
  MBCONV_BENCH_BLOCKS.forEach(([kernel, expandRatio, filters, stride], i) => {
    x = g.scope(`block${i}`, () => mbConv(g, x, { filters, kernel, stride, expandRatio, seRatio: 0.25, activation: 'swish' }));
  });
  x = g.scope('head', () => {
    const h = g.activation(
      g.batchNorm(g.conv2d(x, { filters: 128, kernel: 1, useBias: false, name: 'conv' }), { name: 'bn' }),
      'swish',
      'swish',
    );
    return g.dense(g.globalPool(h, { name: 'pool' }), { units: 10, name: 'classifier' });
  });
  return g.build(x);
}
