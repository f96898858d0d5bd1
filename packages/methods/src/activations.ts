/**
 * The activations of smooth adversarial training (Xie et al. 2020, "Smooth Adversarial
 * Training"): ReLU and its smooth replacements — SiLU/swish `x·σ(x)`, GELU `x·Φ(x)`, softplus
 * `log(1 + eˣ)`, parametric softplus `log(1 + e^{αx}) / α` (→ ReLU as α → ∞; SAT uses α = 10) and
 * ELU `x` (x > 0), `eˣ − 1` (x ≤ 0). The paper's point: ReLU's gradient jumps at 0, which weakens
 * both the inner (attack) and outer (weight) steps of adversarial training; smooth functions do not.
 *
 * The names are those of the one activation vocabulary (`ACTIVATIONS` of `@tsglove/models`) and the
 * implementations are `@tsglove/train`'s (`activate`); this file only lists the paper's choices.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ActivationFn } from '@tsglove/models';
import { activate } from '@tsglove/train';

export { checkActivation, gelu, parametricSoftplus } from '@tsglove/train';

/** The SAT paper's activations, for a search space: `activation: oneOf(METHOD_ACTIVATIONS)`. */
export const METHOD_ACTIVATIONS = [
  'relu',
  'swish',
  'gelu',
  'softplus',
  'parametricSoftplus',
  'elu',
] as const satisfies readonly ActivationFn[];

/** One of {@link METHOD_ACTIVATIONS}. */
export type MethodActivation = (typeof METHOD_ACTIVATIONS)[number];

/** The smooth ones (every name but `'relu'`). */
export const SMOOTH_ACTIVATIONS: readonly MethodActivation[] = METHOD_ACTIVATIONS.filter((a) => a !== 'relu');

/** Options of {@link applyActivation}. */
export interface ActivationOptions {
  /** α of the parametric softplus (default 10, the SAT paper's value); must be > 0. */
  alpha?: number;
}

/** Applies the named activation elementwise (`activate` of `@tsglove/train` with options). */
export function applyActivation<T extends tf.Tensor>(x: T, name: ActivationFn, options: ActivationOptions = {}): T {
  return activate(x, name, options.alpha);
}
