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
 * without weight decay and without the trust ratio, as in the reference implementations. The step,
 * slots and checks are `slotOptimizer`'s; the Adam moments and the trust ratio are those of
 * `adam` and `lars` (`adamMoments`, `trustRatio`).
 */
import * as tf from '@tensorflow/tfjs';
import { adamMoments, isBiasOrNorm, slotOptimizer, trustRatio, type LayerwiseOptions, type Optimizer } from '@tsglove/train';
import { checkNumber } from '@tsglove/models';

/** Options of {@link lamb}; `weightDecay` and `exclude` as for LARS. */
export interface LambOptions extends LayerwiseOptions {
  /** β₁ in [0, 1); default 0.9. */
  beta1?: number;
  /** β₂ in [0, 1); default 0.999. */
  beta2?: number;
  /** ε (default 1e-6). */
  epsilon?: number;
  /** Adam bias correction of m and v (default true). */
  biasCorrection?: boolean;
}

/** LAMB (layer-wise adaptive moments for large batches). */
export function lamb(options: LambOptions = {}): Optimizer {
  const beta1 = checkNumber(options.beta1 ?? 0.9, 'beta1', 0, 1, true);
  const beta2 = checkNumber(options.beta2 ?? 0.999, 'beta2', 0, 1, true);
  const epsilon = checkNumber(options.epsilon ?? 1e-6, 'epsilon', 0);
  const weightDecay = checkNumber(options.weightDecay ?? 0, 'weightDecay', 0);
  const biasCorrection = options.biasCorrection ?? true;
  const exclude = options.exclude ?? isBiasOrNorm;
  return slotOptimizer({
    name: 'lamb',
    slots: 2,
    update: ({ param: w, grad: g, lr, iteration: t, slots: [m, v] }) => {
      const c1 = biasCorrection ? 1 - Math.pow(beta1, t) : 1;
      const c2 = biasCorrection ? 1 - Math.pow(beta2, t) : 1;
      const [nm, nv] = adamMoments(m!, v!, g, beta1, beta2);
      const adamStep = tf.div(tf.div(nm, c1), tf.add(tf.sqrt(tf.div(nv, c2)), epsilon));
      if (exclude(w)) {
        w.assign(tf.sub(w, tf.mul(adamStep, lr)));
        return;
      }
      const r = weightDecay ? tf.add(adamStep, tf.mul(w, weightDecay)) : adamStep;
      const wn = tf.norm(w);
      const rn = tf.norm(r);
      const trust = trustRatio(wn, rn, tf.div(wn, tf.maximum(rn, 1e-30)));
      w.assign(tf.sub(w, tf.mul(r, tf.mul(trust, lr))));
    },
  });
}
