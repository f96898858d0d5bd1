/**
 * ENAS (Pham et al. 2018): one {@link Supernet} whose shared weights are trained on paths a
 * controller samples, and a controller — any `DNAGenerator` of `@tsglove/search`, by default its
 * REINFORCE policy — rewarded by the validation metric of the paths it samples under the shared
 * weights. First `warmupSteps` weight steps on uniformly random paths (so the controller does not
 * judge untrained candidates and collapse onto whatever looks best at initialization); then each
 * epoch alternates `weightSteps` weight steps (one controller-sampled path per batch) and
 * `controllerSteps` controller feedbacks; at the end `finalSamples` paths drawn from the
 * controller are scored on the whole validation split and the best is returned.
 *
 * With `trial` (through `searchArchitecture(space, data, enas({ trial }))`), each epoch's mean
 * controller reward (the validation metric of the paths sampled under the shared weights) is
 * reported to the trial, and the epochs stop when the study's early-stopping policy says so (see
 * `search-trial.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { reinforce, type DNAGenerator } from '@tsglove/search';
import type { DNA } from '@tsglove/symbolic';
import { Supernet } from './supernet.js';
import type { NasSpace } from './space.js';
import {
  Batches,
  accuracyMetric,
  checkData,
  checkInt,
  crossEntropyLoss,
  evaluateMetric,
  gradientStep,
  weightTraining,
  type NasSplits,
  type TaskOptions,
  type WeightTraining,
} from './data.js';
import { driveToEnd, rejectTrial, type MeasuredLoop, type TrialOption } from './search-trial.js';

/** Options of {@link runEnas}. */
export interface EnasOptions extends TaskOptions, WeightTraining {
  /** The controller (default `reinforce({ seed })`); `setup` is called here. */
  controller?: DNAGenerator;
  /** Epochs of (weight steps, controller steps); default 10. */
  epochs?: number;
  /** Shared-weight steps per epoch (default 50). */
  weightSteps?: number;
  /** Weight steps on uniformly random paths before the first epoch (default: `weightSteps`). */
  warmupSteps?: number;
  /** Controller feedbacks per epoch (default 20). */
  controllerSteps?: number;
  /** Validation examples per controller reward (default: `batchSize`). */
  rewardBatchSize?: number;
  /** Paths drawn at the end and scored on the whole validation split (default 10). */
  finalSamples?: number;
  /** Called after every epoch. */
  onEpoch?: (epoch: number, info: { meanLoss: number; meanReward: number }) => void;
}

/** What {@link runEnas} found. */
export interface EnasResult {
  method: 'enas';
  /** The best of the final samples. */
  dna: DNA;
  label: string;
  /** Its metric on the validation split under the shared weights. */
  sharedMetric: number;
  /** The controller, trained (for inspection or more sampling). */
  controller: DNAGenerator;
  /** Mean training loss and mean controller reward per epoch trained. */
  epochs: Array<{ meanLoss: number; meanReward: number }>;
  /** Whether a trial's early-stopping policy stopped the epochs early. */
  stopped: boolean;
  supernetParams: number;
  ms: number;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Runs ENAS on `space` (see the module comment). */
export function runEnas(space: NasSpace, data: NasSplits, options: EnasOptions = {}): EnasResult {
  rejectTrial(options as TrialOption, 'runEnas', 'enas');
  return driveToEnd(enasLoop(space, data, options));
}

/** ENAS as a loop that yields each epoch's measurement and stops when told (see `search-trial.ts`). */
export function* enasLoop(space: NasSpace, data: NasSplits, options: EnasOptions = {}): MeasuredLoop<EnasResult> {
  const start = performance.now();
  const train = checkData(data?.train, 'data.train');
  const valid = checkData(data?.valid, 'data.valid');
  const epochs = checkInt(options.epochs ?? 10, 'epochs');
  const weightSteps = checkInt(options.weightSteps ?? 50, 'weightSteps', 0);
  const warmupSteps = checkInt(options.warmupSteps ?? weightSteps, 'warmupSteps', 0);
  const controllerSteps = checkInt(options.controllerSteps ?? 20, 'controllerSteps', 0);
  const batchSize = checkInt(options.batchSize ?? 32, 'batchSize');
  const rewardBatchSize = checkInt(options.rewardBatchSize ?? batchSize, 'rewardBatchSize');
  const finalSamples = checkInt(options.finalSamples ?? 10, 'finalSamples');
  const seed = options.seed ?? 0;
  const loss = options.loss ?? crossEntropyLoss;
  const metric = options.metric ?? accuracyMetric;
  const controller = options.controller ?? reinforce({ seed });
  controller.setup(space.dnaSpec, { seed });
  const net = new Supernet(space, { seed });
  const { schedule, optimizer } = weightTraining(options);
  const trainBatches = new Batches(train, batchSize, seed + 1);
  const validBatches = new Batches(valid, rewardBatchSize, seed + 2);
  const history: EnasResult['epochs'] = [];
  let step = 0;
  let stopped = false;
  try {
    const weights = net.weights;
    const random = seededRandom(seed + 3);
    for (let s = 0; s < warmupSteps; s++) {
      const decided = space.context.decide(space.randomDNA(random));
      const b = trainBatches.next();
      gradientStep((x) => net.forwardPath(x, decided), weights, b, loss, optimizer, schedule(step++));
      tf.dispose([b.x, b.y]);
    }
    for (let e = 0; e < epochs; e++) {
      const losses: number[] = [];
      for (let s = 0; s < weightSteps; s++) {
        const decided = space.context.decide(controller.propose());
        const b = trainBatches.next();
        losses.push(gradientStep((x) => net.forwardPath(x, decided), weights, b, loss, optimizer, schedule(step++)));
        tf.dispose([b.x, b.y]);
      }
      const rewards: number[] = [];
      for (let s = 0; s < controllerSteps; s++) {
        const dna = controller.propose();
        const b = validBatches.next();
        const r = tf.tidy(() => metric(b.y, net.forwardPath(b.x, dna)));
        const reward = r.dataSync()[0]!;
        tf.dispose([r, b.x, b.y]);
        controller.feedback(dna, reward);
        rewards.push(reward);
      }
      const info = { meanLoss: mean(losses), meanReward: mean(rewards) };
      history.push(info);
      options.onEpoch?.(e, info);
      const last = e === epochs - 1;
      const stop = yield { step: e + 1, reward: info.meanReward, metrics: { loss: info.meanLoss }, last };
      if (stop && !last) {
        stopped = true;
        break;
      }
    }
    let best: { dna: DNA; metric: number } | null = null;
    for (let i = 0; i < finalSamples; i++) {
      const dna = controller.propose();
      const decided = space.context.decide(dna);
      const m = evaluateMetric((x) => net.forwardPath(x, decided), valid, metric);
      if (!best || m > best.metric) best = { dna, metric: m };
    }
    return {
      method: 'enas',
      dna: best!.dna,
      label: space.describe(best!.dna),
      sharedMetric: best!.metric,
      controller,
      epochs: history,
      stopped,
      supernetParams: net.layers.countParams(),
      ms: performance.now() - start,
    };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}
