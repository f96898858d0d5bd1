/**
 * LAMB (You et al., ICLR 2020, "Large Batch Optimization for Deep Learning: Training BERT in 76
 * minutes", Algorithm 2) as an {@link Optimizer} of `@tsglove/train`:
 *
 *     m ← β₁m + (1 − β₁)g            v ← β₂v + (1 − β₂)g²
 *     m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)           (bias correction, optional)
 *     r = m̂ / (√v̂ + ε) + λw
 *     w ← w − lr · (‖w‖ / ‖r‖) · r    (trust ratio 1 when ‖w‖ or ‖r‖ is 0)
 *
 * Variables for which `exclude` holds (default: rank ≤ 1 — biases, norm γ/β) get the Adam step
 * without weight decay and without the trust ratio, as in the reference implementations.
 */
import * as tf from '@tensorflow/tfjs';
import { SlotOptimizer, type Optimizer } from '@tsglove/train';
import { ModelsError } from '@tsglove/models';

/** Options of {@link lamb}. */
export interface LambOptions {
  /** β₁ in [0, 1); default 0.9. */
  beta1?: number;
  /** β₂ in [0, 1); default 0.999. */
  beta2?: number;
  /** ε (default 1e-6). */
  epsilon?: number;
  /** λ, decoupled weight decay inside the trust-ratio step (default 0). */
  weightDecay?: number;
  /** Adam bias correction of m and v (default true). */
  biasCorrection?: boolean;
  /** Variables that skip the trust ratio and weight decay; default: rank ≤ 1. */
  exclude?: (param: tf.Variable) => boolean;
}

class Lamb extends SlotOptimizer {
  readonly name = 'lamb';
  constructor(private readonly o: Required<LambOptions>) {
    super();
  }

  protected update(w: tf.Variable, g: tf.Tensor, lr: number): void {
    const { beta1, beta2, epsilon, weightDecay, biasCorrection } = this.o;
    const t = this.iterations;
    const c1 = biasCorrection ? 1 - Math.pow(beta1, t) : 1;
    const c2 = biasCorrection ? 1 - Math.pow(beta2, t) : 1;
    const [m, v] = this.slot(w, 2) as [tf.Variable, tf.Variable];
    const nm = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
    const nv = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
    m.assign(nm);
    v.assign(nv);
    const adamStep = tf.div(tf.div(nm, c1), tf.add(tf.sqrt(tf.div(nv, c2)), epsilon));
    if (this.o.exclude(w)) {
      w.assign(tf.sub(w, tf.mul(adamStep, lr)));
      return;
    }
    const r = weightDecay ? tf.add(adamStep, tf.mul(w, weightDecay)) : adamStep;
    const wn = tf.norm(w);
    const rn = tf.norm(r);
    const trust = tf.where(tf.logicalAnd(tf.greater(wn, 0), tf.greater(rn, 0)), tf.div(wn, tf.maximum(rn, 1e-30)), tf.onesLike(wn));
    w.assign(tf.sub(w, tf.mul(r, tf.mul(trust, lr))));
  }
}

/** LAMB (layer-wise adaptive moments for large batches). */
export function lamb(options: LambOptions = {}): Optimizer {
  const o: Required<LambOptions> = {
    beta1: options.beta1 ?? 0.9,
    beta2: options.beta2 ?? 0.999,
    epsilon: options.epsilon ?? 1e-6,
    weightDecay: options.weightDecay ?? 0,
    biasCorrection: options.biasCorrection ?? true,
    exclude: options.exclude ?? ((p: tf.Variable) => p.rank <= 1),
  };
  for (const [key, max] of [
    ['beta1', 1],
    ['beta2', 1],
  ] as const) {
    if (!(o[key] >= 0 && o[key] < max)) throw new ModelsError(`expected a number in [0, 1), got ${o[key]}`, key);
  }
  if (!(o.epsilon >= 0)) throw new ModelsError(`expected a number >= 0, got ${o.epsilon}`, 'epsilon');
  if (!(o.weightDecay >= 0)) throw new ModelsError(`expected a number >= 0, got ${o.weightDecay}`, 'weightDecay');
  return new Lamb(o);
}
