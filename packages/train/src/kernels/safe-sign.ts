/**
 * `safeSign(x)`: the sign of every element, exact on every backend. The wasm backend's `tf.sign`
 * returns 0 for |x| < ~1.2e-7, which silently zeroes FGSM/PGD steps on tiny gradients; this
 * composes the sign from two comparisons instead.
 */
import * as tf from '@tensorflow/tfjs';

/** +1 where x > 0, -1 where x < 0, 0 where x == 0 (NaN gives 0), as float32. */
export function safeSign<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.sub(tf.cast(tf.greater(x, 0), 'float32'), tf.cast(tf.less(x, 0), 'float32'))) as T;
}
