/**
 * DARTS (Liu, Simonyan & Yang 2019), first order: every `oneOf` of the space becomes a softmax(α)
 * mixture of its candidate ops (see {@link Supernet}); each step first moves α on a validation
 * batch (Adam, weights fixed), then the shared weights on a training batch (α fixed). The result
 * is the arg-max DNA.
 *
 * With `trial` (through `searchArchitecture(space, data, darts({ trial }))`), every `reportEvery`
 * steps the negated mean validation loss of those steps' α updates is reported to the trial
 * (larger is better; `metrics.validLoss`, `metrics.loss`), and the steps stop when the study's
 * early-stopping policy says so (see `search-trial.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import type { DNA } from '@tsglove/symbolic';
import { adam } from '@tsglove/train';
import { Supernet } from './supernet.js';
import type { NasSpace } from './space.js';
import {
  Batches,
  checkData,
  checkInt,
  crossEntropyLoss,
  gradientStep,
  weightTraining,
  type NasSplits,
  type TaskOptions,
  type WeightTraining,
} from './data.js';
import { driveToEnd, rejectTrial, type MeasuredLoop, type TrialOption } from './search-trial.js';
import { checkNumber } from '@tsglove/models';

/** Options of {@link runDarts}. */
export interface DartsOptions extends TaskOptions, WeightTraining {
  /** Bilevel steps (one α step and one weight step each; default 200). */
  steps?: number;
  /** Adam learning rate of α (default 3e-3). */
  archLr?: number;
  /** Decoupled weight decay of α (default 1e-3). */
  archWeightDecay?: number;
  /** Called after every step. */
  onStep?: (step: number, info: { loss: number; validLoss: number }) => void;
  /** Steps between two measurements reported to a `trial` (default 10; the last step always reports). */
  reportEvery?: number;
}

/** What {@link runDarts} found. */
export interface DartsResult {
  method: 'darts';
  /** The arg-max DNA. */
  dna: DNA;
  label: string;
  /** softmax(α) per decision at the end. */
  probabilities: Record<string, number[]>;
  /** Training loss of every weight step (fewer than `steps` when stopped). */
  losses: number[];
  /** Whether a trial's early-stopping policy stopped the steps early. */
  stopped: boolean;
  /** Validation loss of every α step. */
  validLosses: number[];
  /** Parameters of the whole supernet. */
  supernetParams: number;
  ms: number;
}

/** Runs first-order DARTS on `space` (see the module comment). */
export function runDarts(space: NasSpace, data: NasSplits, options: DartsOptions = {}): DartsResult {
  rejectTrial(options as TrialOption, 'runDarts', 'darts');
  return driveToEnd(dartsLoop(space, data, options));
}

/** DARTS as a loop that yields a measurement every `reportEvery` steps and stops when told (see `search-trial.ts`). */
export function* dartsLoop(space: NasSpace, data: NasSplits, options: DartsOptions = {}): MeasuredLoop<DartsResult> {
  const start = performance.now();
  const train = checkData(data?.train, 'data.train');
  const valid = checkData(data?.valid, 'data.valid');
  const steps = checkInt(options.steps ?? 200, 'steps');
  const batchSize = checkInt(options.batchSize ?? 32, 'batchSize');
  const reportEvery = checkInt(options.reportEvery ?? 10, 'reportEvery');
  const archLr = checkNumber(options.archLr ?? 3e-3, 'archLr', 0);
  const seed = options.seed ?? 0;
  const loss = options.loss ?? crossEntropyLoss;
  const net = new Supernet(space, { seed });
  const { schedule, optimizer } = weightTraining(options);
  const archOptimizer = adam({ beta1: 0.5, weightDecay: options.archWeightDecay ?? 1e-3 });
  const trainBatches = new Batches(train, batchSize, seed + 1);
  const validBatches = new Batches(valid, batchSize, seed + 2);
  const forward = (x: tf.Tensor): tf.Tensor => net.forwardMixed(x);
  const losses: number[] = [];
  const validLosses: number[] = [];
  let stopped = false;
  let reported = 0; // steps covered by the measurements yielded so far
  try {
    const weights = net.weights;
    const archParams = net.archParams;
    for (let s = 0; s < steps; s++) {
      const vb = validBatches.next();
      const validLoss = gradientStep(forward, archParams, vb, loss, archOptimizer, archLr);
      tf.dispose([vb.x, vb.y]);
      const tb = trainBatches.next();
      const l = gradientStep(forward, weights, tb, loss, optimizer, schedule(s));
      tf.dispose([tb.x, tb.y]);
      losses.push(l);
      validLosses.push(validLoss);
      options.onStep?.(s, { loss: l, validLoss });
      const last = s === steps - 1;
      if ((s + 1) % reportEvery !== 0 && !last) continue;
      const meanSince = (xs: number[]): number => xs.slice(reported).reduce((a, b) => a + b, 0) / (s + 1 - reported);
      const mean = { validLoss: meanSince(validLosses), loss: meanSince(losses) };
      reported = s + 1;
      if ((yield { step: s + 1, reward: -mean.validLoss, metrics: mean, last }) && !last) {
        stopped = true;
        break;
      }
    }
    const dna = net.argmaxDNA();
    return {
      method: 'darts',
      dna,
      label: space.describe(dna),
      probabilities: net.probabilities(),
      losses,
      validLosses,
      stopped,
      supernetParams: net.layers.countParams(),
      ms: performance.now() - start,
    };
  } finally {
    optimizer.dispose();
    archOptimizer.dispose();
    net.dispose();
  }
}
