/** Shared fixtures of the NAS tests: a synthetic task where one op is clearly better, and a conv space. */
import * as tf from '@tensorflow/tfjs';
import { oneOf } from '@tsglove/symbolic';
import { nasSpace, opChoice, type NasSplits, type NasSpace } from '@tsglove/nas';

/**
 * The target is a linear function of the input (`y = x·W*`); the one decision `op` chooses between
 * a zero op (predicts 0) and a linear op (a dense layer), so `linear` is clearly better.
 */
export function linearSpace(): NasSpace {
  return nasSpace(
    (x, nn) =>
      opChoice('op', {
        zero: () => tf.zeros([x.shape[0]!, 2]),
        linear: () => nn.dense(x, 2, { useBias: false }),
      }),
    { inputShape: [4] },
  );
}

/** `n` examples of `y = x·W*` with fixed seeded `W*` (split 3:1 into train and valid). */
export function linearData(n = 256, seed = 1): NasSplits {
  return tf.tidy(() => {
    const w = tf.randomNormal([4, 2], 0, 1, 'float32', 99);
    const x = tf.randomNormal([n, 4], 0, 1, 'float32', seed);
    const y = tf.matMul(x, w);
    const k = Math.floor((3 * n) / 4);
    return {
      train: { x: tf.slice(x, 0, k), y: tf.slice(y, 0, k) },
      valid: { x: tf.slice(x, k, n - k), y: tf.slice(y, k, n - k) },
    };
  });
}

/** Frees a split pair. */
export function disposeSplits(d: NasSplits): void {
  tf.dispose([d.train.x, d.train.y, d.valid.x, d.valid.y]);
}

/**
 * A two-cell conv space on 8×8×1 inputs: a stem conv, `cell0` ∈ {conv3x3, sepconv3x3, maxpool,
 * identity}, `cell1` ∈ {conv5x5, identity} (plain `oneOf` over functions, unnamed → `decision_0`),
 * then global average pooling and a dense classifier.
 */
export function convSpace(): NasSpace {
  return nasSpace(
    (x, nn) => {
      let h = nn.conv2d(x, 4, { kernelSize: 3, activation: 'relu' });
      h = opChoice('cell0', {
        conv3x3: () => nn.conv2d(h, 4, { kernelSize: 3, activation: 'relu' }),
        sepconv3x3: () => nn.sepConv2d(h, 4, { kernelSize: 3, activation: 'relu' }),
        maxpool: () => tf.maxPool(h as tf.Tensor4D, 3, 1, 'same'),
        identity: () => h,
      });
      h = oneOf([() => nn.conv2d(h, 4, { kernelSize: 5, activation: 'relu' }), () => h]);
      return nn.dense(tf.mean(h, [1, 2]), 3);
    },
    { inputShape: [8, 8, 1] },
  );
}
