/**
 * The fixed small CNN of the training benchmark (bench/README.md): conv3×3-16 (same) → relu →
 * maxpool2 → conv3×3-32 (same) → relu → maxpool2 → dense 10, on 28×28×1 inputs. The same network
 * is in `bench/train_torch.py` (PyTorch), for the throughput comparison. It is an IR graph
 * ({@link smallCnnGraph}), so it is costed like every other model and trained by {@link toTfModel}.
 */
import { GraphBuilder, type Graph } from '@tsglove/models';
import { ModelsError } from './errors.js';
import { toTfModel, type IrTfModel } from './from-ir.js';

/** Options of {@link smallCnn}. */
export interface SmallCnnOptions {
  /** `[h, w, c]`, default `[28, 28, 1]`; h and w must be multiples of 4. */
  inputShape?: [number, number, number];
  /** Channels of the two convolutions, default `[16, 32]`. */
  channels?: [number, number];
  numClasses?: number;
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/** The benchmark CNN as an IR graph (layers `conv1`, `pool1`, `conv2`, `pool2`, `flatten`, `dense`). */
export function smallCnnGraph(options: Omit<SmallCnnOptions, 'seed'> = {}): Graph {
  const [h, w, c] = options.inputShape ?? [28, 28, 1];
  if (h % 4 !== 0 || w % 4 !== 0) throw new ModelsError(`height and width must be multiples of 4, got ${h}x${w}`, 'inputShape');
  const [c1, c2] = options.channels ?? [16, 32];
  const g = new GraphBuilder([h, w, c], 'small_cnn');
  let x = g.input();
  [c1, c2].forEach((filters, i) => {
    x = g.conv2d(x, { filters, kernel: 3, name: `conv${i + 1}` });
    x = g.activation(x, 'relu', `relu${i + 1}`);
    x = g.maxPool(x, { size: 2, name: `pool${i + 1}` });
  });
  x = g.flatten(x);
  return g.build(g.dense(x, { units: options.numClasses ?? 10, name: 'dense' }));
}

/** Builds the benchmark CNN with fresh, seeded weights (He-normal kernels, zero biases). */
export function smallCnn(options: SmallCnnOptions = {}): IrTfModel {
  return toTfModel(smallCnnGraph(options), { seed: options.seed ?? 0 });
}
