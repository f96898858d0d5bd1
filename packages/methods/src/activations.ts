/**
 * Activation functions for smooth adversarial training (Xie et al. 2020, "Smooth Adversarial
 * Training"): ReLU and its smooth replacements — SiLU/swish `x·σ(x)`, GELU `x·Φ(x)`, softplus
 * `log(1 + eˣ)`, parametric softplus `log(1 + e^{αx}) / α` (→ ReLU as α → ∞; SAT uses α = 10) and
 * ELU `x` (x > 0), `eˣ − 1` (x ≤ 0). The paper's point: ReLU's gradient jumps at 0, which weakens
 * both the inner (attack) and outer (weight) steps of adversarial training; smooth functions do not.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelsError } from '@tsglove/models';

/** Names a search space can choose from, e.g. `activation: oneOf(['relu', 'swish', 'gelu'])`. */
export const METHOD_ACTIVATIONS = ['relu', 'swish', 'gelu', 'softplus', 'parametricSoftplus', 'elu'] as const;

/** One of {@link METHOD_ACTIVATIONS}. */
export type MethodActivation = (typeof METHOD_ACTIVATIONS)[number];

/** The smooth ones (every name but `'relu'`). */
export const SMOOTH_ACTIVATIONS: readonly MethodActivation[] = METHOD_ACTIVATIONS.filter((a) => a !== 'relu');

/** Options of {@link applyActivation}. */
export interface ActivationOptions {
  /** α of the parametric softplus (default 10, the SAT paper's value); must be > 0. */
  alpha?: number;
}

/** Throws a {@link ModelsError} naming `path` unless `name` is one of {@link METHOD_ACTIVATIONS}. */
export function checkActivation(name: string, path = 'activation'): asserts name is MethodActivation {
  if (!(METHOD_ACTIVATIONS as readonly string[]).includes(name)) {
    throw new ModelsError(
      path,
      `expected one of ${METHOD_ACTIVATIONS.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(name)}`,
    );
  }
}

/**
 * Parametric softplus `log(1 + exp(α·x)) / α`, computed stably as `relu(αx) + log1p(exp(−|αx|))`
 * divided by α.
 */
export function parametricSoftplus<T extends tf.Tensor>(x: T, alpha = 10): T {
  if (!(alpha > 0)) throw new ModelsError('alpha', `expected a number > 0, got ${alpha}`);
  return tf.tidy(() => {
    const ax = tf.mul(x, alpha);
    return tf.div(tf.add(tf.relu(ax), tf.log1p(tf.exp(tf.neg(tf.abs(ax))))), alpha) as T;
  });
}

/** GELU with the exact Gaussian CDF: `x · ½(1 + erf(x / √2))`. */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))) as T);
}

/** Applies the named activation elementwise. */
export function applyActivation<T extends tf.Tensor>(x: T, name: MethodActivation, options: ActivationOptions = {}): T {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'swish':
      return tf.tidy(() => tf.mul(x, tf.sigmoid(x)) as T);
    case 'gelu':
      return gelu(x);
    case 'softplus':
      return parametricSoftplus(x, 1);
    case 'parametricSoftplus':
      return parametricSoftplus(x, options.alpha ?? 10);
    case 'elu':
      return tf.elu(x);
    default:
      checkActivation(name);
      return x;
  }
}
