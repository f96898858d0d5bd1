/** Classification losses. */
import * as tf from '@tensorflow/tfjs';
import { checkNumber } from '@tsglove/models';

/**
 * Mean softmax cross-entropy of `logits` `[n, k]` against integer labels `[n]` (or one-hot
 * `[n, k]`), with label smoothing ε: the target is `(1 - ε)·onehot + ε / k`.
 */
export function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor2D, labelSmoothing = 0): tf.Scalar {
  checkNumber(labelSmoothing, 'labelSmoothing', 0, 1, true);
  const k = logits.shape[1];
  return tf.tidy(() => {
    let target = labels.rank === 1 ? tf.oneHot(tf.cast(labels, 'int32'), k) : tf.cast(labels, 'float32');
    if (labelSmoothing > 0) target = tf.add(tf.mul(target, 1 - labelSmoothing), labelSmoothing / k);
    return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1))) as tf.Scalar;
  });
}

/** Fraction of rows whose arg-max logit equals the label. */
export function accuracy(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'float32')));
}
