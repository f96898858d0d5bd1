/**
 * Learning rate for a batch size: the linear scaling rule `lr = baseLr · batch / baseBatch`
 * (Goyal et al. 2017, "Accurate, Large Minibatch SGD"; EfficientNet trains with
 * `0.016 · batch / 256`), or the square-root rule `baseLr · √(batch / baseBatch)` often used with
 * adaptive optimizers (Hoffer et al. 2017; You et al. 2020 for LAMB). Pair the result with a
 * warm-up schedule (`warmupCosine` / `warmupPolynomial` of `@tsglove/train`).
 */
import { ModelsError, checkInt, checkNumber } from '@tsglove/models';

/** How the learning rate grows with the batch. */
export type ScalingRule = 'linear' | 'sqrt';

/** Arguments of {@link scaleLearningRate}. */
export interface LrScalingOptions {
  /** Learning rate tuned at `baseBatch`. */
  baseLr: number;
  /** Batch size `baseLr` was tuned at (default 256). */
  baseBatch?: number;
  /** The batch size to train with. */
  batch: number;
  /** Default `'linear'`. */
  rule?: ScalingRule;
}

/** @deprecated Renamed {@link LrScalingOptions} (option bags are `*Options`). */
export type LrScalingArgs = LrScalingOptions;

/** The scaled learning rate (see the file comment). */
export function scaleLearningRate(options: LrScalingOptions): number {
  const baseBatch = options.baseBatch ?? 256;
  checkNumber(options.baseLr, 'baseLr', 0);
  checkInt(baseBatch, 'baseBatch');
  if (!Number.isInteger(options.batch) || options.batch < 1)
    throw new ModelsError(`expected an integer >= 1, got ${options.batch}`, 'batch');
  const ratio = options.batch / baseBatch;
  const rule = options.rule ?? 'linear';
  if (rule === 'linear') return options.baseLr * ratio;
  if (rule === 'sqrt') return options.baseLr * Math.sqrt(ratio);
  throw new ModelsError(`expected "linear" or "sqrt", got ${JSON.stringify(rule)}`, 'rule');
}
