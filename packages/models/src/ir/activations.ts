/**
 * The one activation vocabulary of tsglove: the IR's `activation` layers, the methods' SAT
 * experiments and the NAS layer helpers all name activations from this list. Each entry carries
 * what the cost model needs; the one TensorFlow.js implementation per activation is in
 * `@tsglove/train` (`activate`), keyed by the same names so a missing one fails to compile.
 */

/**
 * Elementwise arithmetic per output element of each activation, for the hardware cost model (a
 * rough, documented guess: a comparison or a multiply-add counts 1, a transcendental 3).
 */
export const ACTIVATION_OPS = {
  relu: 1,
  relu6: 2,
  /** `x·σ(x)`, also called SiLU. */
  swish: 5,
  /** `x·Φ(x)` with the exact Gaussian CDF: `x · ½(1 + erf(x / √2))`. */
  gelu: 8,
  /** `log(1 + eˣ)`. */
  softplus: 3,
  sigmoid: 4,
  /** `x·relu6(x + 3) / 6`. */
  hardSwish: 4,
  /** `relu6(x + 3) / 6`. */
  hardSigmoid: 3,
  tanh: 4,
  /**
   * `log(1 + e^{αx}) / α` (→ ReLU as α → ∞); α is the layer's `alpha` (default 10, the value of
   * "Smooth Adversarial Training", Xie et al. 2020).
   */
  parametricSoftplus: 6,
  /** `x` for x > 0, `eˣ − 1` otherwise. */
  elu: 3,
} as const satisfies Record<string, number>;

/** An activation function's name (see {@link ACTIVATION_OPS} for each one's formula). */
export type ActivationFn = keyof typeof ACTIVATION_OPS;

/** Every activation name, in a fixed order (new names are appended): `t.enum(ACTIVATIONS)`, `oneOf([...ACTIVATIONS])`. */
export const ACTIVATIONS: readonly ActivationFn[] = Object.keys(ACTIVATION_OPS) as ActivationFn[];

/** α of `parametricSoftplus` when a layer does not set one. */
export const DEFAULT_SOFTPLUS_ALPHA = 10;

/** Whether `name` is an {@link ActivationFn}. */
export function isActivation(name: unknown): name is ActivationFn {
  return typeof name === 'string' && Object.hasOwn(ACTIVATION_OPS, name);
}
