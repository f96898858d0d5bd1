/**
 * Learning-rate schedules: a function from the (0-based) step to the learning rate. Warm-up is
 * linear from 0: `lr(s) = base · s / warmupSteps` for `s < warmupSteps`; after it the decay runs
 * over the remaining `totalSteps - warmupSteps` steps and stays at its end value past `totalSteps`.
 */
import { checkAbove, checkInt, checkNumber } from '@tsglove/models';
import { ModelsError } from './errors.js';

/** A learning rate per step. */
export type Schedule = (step: number) => number;

/** Options shared by the decaying schedules. */
export interface DecayOptions {
  /** Peak learning rate, reached at the end of warm-up. */
  baseLr: number;
  /** Steps of linear warm-up from 0 (default 0). */
  warmupSteps?: number;
  /** Total steps, warm-up included. */
  totalSteps: number;
  /** Learning rate at `totalSteps` (default 0). */
  endLr?: number;
}

function checkDecay(o: DecayOptions): Required<DecayOptions> {
  const warmupSteps = o.warmupSteps ?? 0;
  checkNumber(o.baseLr, 'baseLr', 0);
  checkInt(warmupSteps, 'warmupSteps', 0);
  if (!Number.isInteger(o.totalSteps) || o.totalSteps <= warmupSteps) {
    throw new ModelsError(`expected an integer > warmupSteps (${warmupSteps}), got ${o.totalSteps}`, 'totalSteps');
  }
  return { baseLr: o.baseLr, warmupSteps, totalSteps: o.totalSteps, endLr: o.endLr ?? 0 };
}

function warmedUp(o: Required<DecayOptions>, decay: (progress: number) => number): Schedule {
  return (step) => {
    if (step < o.warmupSteps) return (o.baseLr * step) / o.warmupSteps;
    const progress = Math.min(1, (step - o.warmupSteps) / (o.totalSteps - o.warmupSteps));
    return o.endLr + (o.baseLr - o.endLr) * decay(progress);
  };
}

/** A constant learning rate. */
export function constantSchedule(lr: number): Schedule {
  checkNumber(lr, 'lr', 0);
  return () => lr;
}

/** Linear warm-up, then cosine decay: `end + (base - end) · ½(1 + cos(π·progress))`. */
export function warmupCosine(options: DecayOptions): Schedule {
  return warmedUp(checkDecay(options), (p) => 0.5 * (1 + Math.cos(Math.PI * p)));
}

/** Linear warm-up, then polynomial decay: `end + (base - end) · (1 - progress)^power`. */
export function warmupPolynomial(options: DecayOptions & { power?: number }): Schedule {
  const power = options.power ?? 1;
  checkAbove(power, 'power', 0);
  return warmedUp(checkDecay(options), (p) => Math.pow(1 - p, power));
}
