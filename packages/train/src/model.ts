/**
 * The trainable model the runtime works with: a forward function over `tf.Variable` weights.
 * IR graphs ({@link toTfModel}, the bench CNN {@link smallCnn} among them) produce one.
 */
import * as tf from '@tensorflow/tfjs';

/** A functional TensorFlow.js model with explicit weights. */
export interface TfModel {
  readonly name: string;
  /** Weights the optimizer updates, in a fixed order; `weightNames[i]` names `trainableWeights[i]`. */
  readonly trainableWeights: readonly tf.Variable[];
  /** State updated outside the optimizer (BatchNorm moving mean/variance). */
  readonly nonTrainableWeights: readonly tf.Variable[];
  /** Names of `trainableWeights` then `nonTrainableWeights`, e.g. `stem/conv/kernel`. */
  readonly weightNames: readonly string[];
  /** `[height, width, channels]` of one input. */
  readonly inputShape: readonly number[];
  /**
   * Forward pass on a `[n, h, w, c]` batch; returns the first output (logits `[n, k]` for a
   * classifier). `training` switches BatchNorm to batch statistics (and updates the moving ones),
   * and enables dropout / drop-connect.
   */
  apply(x: tf.Tensor4D, training?: boolean): tf.Tensor2D;
  /** Trainable and non-trainable parameter counts. */
  countParams(): { trainable: number; nonTrainable: number };
  /** Frees every weight. */
  dispose(): void;
}

/** Total elements of some variables. */
export function sizeOf(vars: readonly tf.Variable[]): number {
  return vars.reduce((n, v) => n + v.size, 0);
}

/**
 * Normal values from a seed, reproducible for every seed: `tf.randomNormal` treats a seed of 0 as
 * "no seed" (it draws from `Math.random()`), so 0 is passed on as 0.5, which no integer seed uses.
 */
export function seededNormal(shape: number[], mean: number, std: number, seed: number): tf.Tensor {
  return tf.randomNormal(shape, mean, std, 'float32', seed === 0 ? 0.5 : seed);
}

/** He-normal initial values (`std = sqrt(2 / fanIn)`) from a seed. */
export function heNormal(shape: number[], fanIn: number, seed: number): tf.Tensor {
  return seededNormal(shape, 0, Math.sqrt(2 / fanIn), seed);
}
