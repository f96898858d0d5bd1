/**
 * The one TensorFlow.js implementation of each activation of the vocabulary in `@tsglove/models`
 * (`ACTIVATIONS`). The IR's activation layers, the methods' networks and the NAS layer helpers all
 * call {@link activate}; the record's type makes a new name fail to compile until it has one here.
 */
import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS, DEFAULT_SOFTPLUS_ALPHA, checkAbove, isActivation, type ActivationFn } from '@tsglove/models';
import { ModelsError } from './errors.js';
import { fusedSwish } from './kernels/fused-ops.js';

/**
 * Parametric softplus `log(1 + exp(α·x)) / α`, computed stably as `relu(αx) + log1p(exp(−|αx|))`
 * divided by α.
 */
export function parametricSoftplus<T extends tf.Tensor>(x: T, alpha = DEFAULT_SOFTPLUS_ALPHA): T {
  checkAbove(alpha, 'alpha', 0);
  return tf.tidy(() => {
    const ax = tf.mul(x, alpha);
    return tf.div(tf.add(tf.relu(ax), tf.log1p(tf.exp(tf.neg(tf.abs(ax))))), alpha) as T;
  });
}

/** GELU with the exact Gaussian CDF: `x · ½(1 + erf(x / √2))`. */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))) as T);
}

const IMPLEMENTATIONS: { readonly [F in ActivationFn]: (x: tf.Tensor, alpha: number) => tf.Tensor } = {
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  swish: (x) => fusedSwish(x) ?? tf.tidy(() => tf.mul(x, tf.sigmoid(x))),
  gelu,
  softplus: (x) => parametricSoftplus(x, 1),
  sigmoid: (x) => tf.sigmoid(x),
  hardSwish: (x) => tf.tidy(() => tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6))),
  hardSigmoid: (x) => tf.tidy(() => tf.div(tf.relu6(tf.add(x, 3)), 6)),
  tanh: (x) => tf.tanh(x),
  parametricSoftplus: (x, alpha) => parametricSoftplus(x, alpha),
  elu: (x) => tf.elu(x),
};

/** Throws a {@link ModelsError} naming `path` unless `name` is one of `ACTIVATIONS`. */
export function checkActivation(name: string, path = 'activation'): asserts name is ActivationFn {
  if (!isActivation(name)) {
    throw new ModelsError(`expected one of ${ACTIVATIONS.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(name)}`, path);
  }
}

/**
 * Applies the activation `fn` elementwise; `alpha` is the α of `parametricSoftplus` (default 10).
 * Throws a {@link ModelsError} naming `path` for a name outside the vocabulary.
 */
export function activate<T extends tf.Tensor>(x: T, fn: ActivationFn, alpha = DEFAULT_SOFTPLUS_ALPHA, path = 'activation'): T {
  checkActivation(fn, path);
  return IMPLEMENTATIONS[fn](x, alpha) as T;
}
