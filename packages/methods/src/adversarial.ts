/**
 * Adversarial examples and adversarial training. {@link pgd} is projected gradient ascent on the
 * loss inside the L∞ ball of radius ε around the input (Madry et al. 2018): an optional uniform
 * random start, then `steps` updates `x ← Π_{‖x − x₀‖∞ ≤ ε, x ∈ [lo, hi]}(x + α·sign(∇ₓ loss))`.
 * {@link fgsm} is the single step of size ε from x₀ (Goodfellow et al. 2015). The sign is
 * {@link safeSign} (the wasm backend's `tf.sign` drops tiny gradients).
 */
import * as tf from '@tensorflow/tfjs';
import { safeSign } from '@tsglove/train';
import { softmaxCrossEntropy } from '@tsglove/train';
import type { Optimizer } from '@tsglove/train';
import { ModelsError, checkAbove, checkInt, checkNumber } from '@tsglove/models';
import type { ConvNet, ForwardOptions } from './convnet.js';

/** A scalar loss of a batch of inputs (the attack's objective, to be increased). */
export type InputLoss = (x: tf.Tensor4D) => tf.Scalar;

/** Arguments of {@link pgd}. */
export interface PgdOptions {
  /** L∞ radius ε (> 0), in input units (pixels in [0, 1]). */
  epsilon: number;
  /** Step size α (default 2.5·ε / steps, Madry et al.'s rule). */
  stepSize?: number;
  /** Ascent steps (default 10). */
  steps?: number;
  /** Start from a uniform random point of the ball (default true). */
  randomStart?: boolean;
  /** Valid input range (default `[0, 1]`); `null` for none. */
  clip?: [number, number] | null;
  /** Seed of the random start (default 0). */
  seed?: number;
}

/** @deprecated Renamed {@link PgdOptions} (option bags are `*Options`). */
export type PgdArgs = PgdOptions;

function checkPgd(a: PgdOptions): Required<Omit<PgdOptions, 'clip'>> & { clip: [number, number] | null } {
  checkAbove(a.epsilon, 'epsilon', 0);
  const steps = a.steps ?? 10;
  checkInt(steps, 'steps');
  const stepSize = a.stepSize ?? (2.5 * a.epsilon) / steps;
  checkAbove(stepSize, 'stepSize', 0);
  const clip = a.clip === undefined ? ([0, 1] as [number, number]) : a.clip;
  if (clip && !(clip[0] < clip[1])) throw new ModelsError(`expected [lo, hi] with lo < hi, got [${clip.join(', ')}]`, 'clip');
  return { epsilon: a.epsilon, steps, stepSize, randomStart: a.randomStart ?? true, clip, seed: a.seed ?? 0 };
}

/** Projects `x` onto the ε-ball around `x0` intersected with the clip range. */
function project(x: tf.Tensor, x0: tf.Tensor, epsilon: number, clip: [number, number] | null): tf.Tensor4D {
  return tf.tidy(() => {
    const inBall = tf.minimum(tf.maximum(x, tf.sub(x0, epsilon)), tf.add(x0, epsilon));
    return (clip ? tf.clipByValue(inBall, clip[0], clip[1]) : inBall) as tf.Tensor4D;
  });
}

/** PGD adversarial examples for `x` against `loss` (a new tensor; `x` is not disposed). */
export function pgd(loss: InputLoss, x: tf.Tensor4D, options: PgdOptions): tf.Tensor4D {
  const a = checkPgd(options);
  const grad = tf.grad((t: tf.Tensor) => loss(t as tf.Tensor4D));
  let adv = a.randomStart
    ? tf.tidy(() => project(tf.add(x, tf.randomUniform(x.shape, -a.epsilon, a.epsilon, 'float32', a.seed)), x, a.epsilon, a.clip))
    : tf.clone(x);
  for (let s = 0; s < a.steps; s++) {
    const next = tf.tidy(() => project(tf.add(adv, tf.mul(safeSign(grad(adv)), a.stepSize)), x, a.epsilon, a.clip));
    adv.dispose();
    adv = next;
  }
  return adv;
}

/** FGSM: one signed-gradient step of size ε from `x`. */
export function fgsm(loss: InputLoss, x: tf.Tensor4D, epsilon: number, clip: [number, number] | null = [0, 1]): tf.Tensor4D {
  return pgd(loss, x, { epsilon, steps: 1, stepSize: epsilon, randomStart: false, clip });
}

/** Cross-entropy of a {@link ConvNet} on `(x, y)` as an {@link InputLoss}. */
export function classificationLoss(model: ConvNet, y: tf.Tensor, options: ForwardOptions = {}): InputLoss {
  return (x) =>
    tf.tidy(() => {
      const { logits, features } = model.forward(x, options);
      tf.dispose(features);
      return softmaxCrossEntropy(y, logits);
    });
}

/** Arguments of {@link adversarialTrainStep}. */
export interface AdversarialTrainOptions {
  /** The attack used for training (PGD-k; `steps: 1, randomStart: false, stepSize: ε` is FGSM). */
  attack: PgdOptions;
  /**
   * Weight of the clean loss in `w·clean + (1 − w)·adversarial` (default 0: Madry's pure
   * adversarial training).
   */
  cleanWeight?: number;
}

/** @deprecated Renamed {@link AdversarialTrainOptions} (option bags are `*Options`). */
export type AdversarialTrainArgs = AdversarialTrainOptions;

/**
 * One adversarial training step on a {@link ConvNet}: craft PGD examples against the current
 * weights (BN in training mode without updating its statistics), then one optimizer step on the
 * (mixed) loss. Returns the loss before the update.
 */
export function adversarialTrainStep(
  model: ConvNet,
  optimizer: Optimizer,
  x: tf.Tensor4D,
  y: tf.Tensor,
  lr: number,
  options: AdversarialTrainOptions,
): number {
  const w = options.cleanWeight ?? 0;
  checkNumber(w, 'cleanWeight', 0, 1);
  const adv = pgd(classificationLoss(model, y, { training: true, updateStats: false }), x, options.attack);
  const weights = model.trainableWeights as tf.Variable[];
  const value = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const lossAdv = classificationLoss(model, y, { training: true })(adv);
      return w > 0
        ? (tf.add(tf.mul(classificationLoss(model, y, { training: true })(x), w), tf.mul(lossAdv, 1 - w)) as tf.Scalar)
        : lossAdv;
    }, weights);
    optimizer.apply(
      weights,
      weights.map((v) => grads[v.name]!),
      lr,
    );
    return value;
  });
  adv.dispose();
  const out = value.dataSync()[0]!;
  value.dispose();
  return out;
}

/** Arguments of {@link robustAccuracy}. */
export interface RobustAccuracyOptions {
  /** The evaluation attack; `null` for clean accuracy only. */
  attack: PgdOptions | null;
  /** Default 250. */
  batchSize?: number;
}

/** @deprecated Renamed {@link RobustAccuracyOptions} (option bags are `*Options`). */
export type RobustAccuracyArgs = RobustAccuracyOptions;

/**
 * Clean and attacked accuracy of a {@link ConvNet} in inference mode on an image dataset
 * (`images` NHWC in [0, 1], one label each). The attack targets the inference-mode loss.
 */
export function robustAccuracy(
  model: ConvNet,
  data: { images: Float32Array; labels: Int32Array; count: number; shape: [number, number, number] },
  options: RobustAccuracyOptions,
): { clean: number; robust: number } {
  const bs = options.batchSize ?? 250;
  const px = data.shape[0] * data.shape[1] * data.shape[2];
  let clean = 0;
  let robust = 0;
  const correct = (x: tf.Tensor4D, y: tf.Tensor1D): number =>
    tf.tidy(() => {
      const { logits, features } = model.forward(x);
      tf.dispose(features);
      return tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), y), 'int32')).dataSync()[0]!;
    });
  for (let start = 0; start < data.count; start += bs) {
    const end = Math.min(data.count, start + bs);
    const x = tf.tensor4d(data.images.subarray(start * px, end * px), [end - start, ...data.shape]);
    const y = tf.tensor1d(data.labels.subarray(start, end), 'int32');
    clean += correct(x, y);
    if (options.attack) {
      const adv = pgd(classificationLoss(model, y), x, options.attack);
      robust += correct(adv, y);
      adv.dispose();
    }
    tf.dispose([x, y]);
  }
  return { clean: clean / data.count, robust: options.attack ? robust / data.count : NaN };
}
