/**
 * Learning rate for a batch size: the linear scaling rule `lr = baseLr · batch / baseBatch`
 * (Goyal et al. 2017, "Accurate, Large Minibatch SGD"; EfficientNet trains with
 * `0.016 · batch / 256`), or the square-root rule `baseLr · √(batch / baseBatch)` often used with
 * adaptive optimizers (Hoffer et al. 2017; You et al. 2020 for LAMB). Pair the result with a
 * warm-up schedule (`warmupCosine` / `warmupPolynomial` of `@tsglove/train`).
 */
import { ModelsError } from '@tsglove/models';

/** How the learning rate grows with the batch. */
export type ScalingRule = 'linear' | 'sqrt';

/** Arguments of {@link scaleLearningRate}. */
export interface LrScalingArgs {
  /** Learning rate tuned at `baseBatch`. */
  baseLr: number;
  /** Batch size `baseLr` was tuned at (default 256). */
  baseBatch?: number;
  /** The batch size to train with. */
  batch: number;
  /** Default `'linear'`. */
  rule?: ScalingRule;
}

/** The scaled learning rate (see the file comment). */
export function scaleLearningRate(args: LrScalingArgs): number {
  const baseBatch = args.baseBatch ?? 256;
  if (!(args.baseLr >= 0)) throw new ModelsError('baseLr', `expected a number >= 0, got ${args.baseLr}`);
  if (!Number.isInteger(baseBatch) || baseBatch < 1) throw new ModelsError('baseBatch', `expected an integer >= 1, got ${baseBatch}`);
  if (!Number.isInteger(args.batch) || args.batch < 1) throw new ModelsError('batch', `expected an integer >= 1, got ${args.batch}`);
  const ratio = args.batch / baseBatch;
  const rule = args.rule ?? 'linear';
  if (rule === 'linear') return args.baseLr * ratio;
  if (rule === 'sqrt') return args.baseLr * Math.sqrt(ratio);
  throw new ModelsError('rule', `expected "linear" or "sqrt", got ${JSON.stringify(rule)}`);
}
