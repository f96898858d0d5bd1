/**
 * The fixed small CNN of the training benchmark (bench/README.md): conv3×3-16 (same) → relu →
 * maxpool2 → conv3×3-32 (same) → relu → maxpool2 → dense 10, on 28×28×1 inputs. The same network
 * is in `bench/train_torch.py` (PyTorch), for the throughput comparison.
 */
import * as tf from '@tensorflow/tfjs';
import { heNormal, sizeOf, type TfModel } from './model.js';
import { ModelsError } from './errors.js';

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

/** Builds the benchmark CNN with fresh, seeded weights. */
export function smallCnn(options: SmallCnnOptions = {}): TfModel {
  const [h, w, c] = options.inputShape ?? [28, 28, 1];
  if (h % 4 !== 0 || w % 4 !== 0) throw new ModelsError('inputShape', `height and width must be multiples of 4, got ${h}x${w}`);
  const [c1, c2] = options.channels ?? [16, 32];
  const k = options.numClasses ?? 10;
  const seed = options.seed ?? 0;
  const flat = (h / 4) * (w / 4) * c2;
  const w1 = tf.variable(heNormal([3, 3, c, c1], 9 * c, seed));
  const b1 = tf.variable(tf.zeros([c1]));
  const w2 = tf.variable(heNormal([3, 3, c1, c2], 9 * c1, seed + 1));
  const b2 = tf.variable(tf.zeros([c2]));
  const w3 = tf.variable(heNormal([flat, k], flat, seed + 2));
  const b3 = tf.variable(tf.zeros([k]));
  const trainable = [w1, b1, w2, b2, w3, b3];
  return {
    name: 'small_cnn',
    trainableWeights: trainable,
    nonTrainableWeights: [],
    weightNames: ['conv1/kernel', 'conv1/bias', 'conv2/kernel', 'conv2/bias', 'dense/kernel', 'dense/bias'],
    inputShape: [h, w, c],
    apply(x: tf.Tensor4D): tf.Tensor2D {
      return tf.tidy(() => {
        let y = tf.relu(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D;
        y = tf.maxPool(y, 2, 2, 'valid');
        y = tf.relu(tf.add(tf.conv2d(y, w2 as tf.Tensor4D, 1, 'same'), b2)) as tf.Tensor4D;
        y = tf.maxPool(y, 2, 2, 'valid');
        return tf.add(tf.matMul(tf.reshape(y, [x.shape[0], flat]), w3 as tf.Tensor2D), b3) as tf.Tensor2D;
      });
    },
    countParams: () => ({ trainable: sizeOf(trainable), nonTrainable: 0 }),
    dispose: () => trainable.forEach((v) => v.dispose()),
  };
}
