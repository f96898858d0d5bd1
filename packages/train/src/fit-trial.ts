/**
 * Training wired to a study's early stopping (Optuna's pruning integrations, as one call):
 * `fitTrial(model, data, { trial: feedback, validation, epochs, ... })` trains epoch by epoch, after
 * each epoch reports the validation accuracy to the trial (`addMeasurement`) and asks the study's
 * early-stopping policy (`shouldStop`); when the policy says so it stops and returns `stopped: true`
 * (end the trial with `feedback.prune()`, which stores it as pruned with its learning curve). No
 * hand-written polling: the trial handle is all it needs, so any object with the two methods works.
 *
 * ```ts
 * for await (const [net, feedback] of sample(space, tpe(), { numExamples: 40, earlyStopping: medianStopping() })) {
 *   const r = await fitTrial(buildModel(net), train, { trial: feedback, validation: test, epochs: 10, optimizer: adam(), schedule: 1e-3 });
 *   if (r.stopped) await feedback.prune(`pruned after epoch ${r.epochs}`);
 *   else await feedback.report(r.accuracy);
 * }
 * ```
 */
import type { TfModel } from './model.js';
import type { ImageDataset } from './data/fashion-mnist.js';
import { evaluate, fit, type FitOptions, type FitResult } from './train.js';
import { checkInt } from '@tsglove/models';

/** What {@link fitTrial} needs of a trial (a `Feedback` of `@tsglove/search` has it). */
export interface TrialReporter {
  addMeasurement(measurement: { step: number; reward: number; metrics?: Record<string, number> }): Promise<void>;
  shouldStop(): Promise<boolean>;
}

/** Options of {@link fitTrial}: those of `fit` (per epoch) plus the trial and the validation data. */
export interface FitTrialOptions extends Omit<FitOptions, 'steps' | 'epochs'> {
  /** The trial that gets a measurement per epoch and decides whether to stop. */
  trial: TrialReporter;
  /** Data whose accuracy is each epoch's measurement (the reward). */
  validation: ImageDataset;
  /** Epochs at most. */
  epochs: number;
}

/** What {@link fitTrial} did. */
export interface FitTrialResult extends FitResult {
  /** Epochs trained (fewer than asked when stopped). */
  epochs: number;
  /** Whether the early-stopping policy stopped the trial. */
  stopped: boolean;
  /** Validation accuracy after each epoch (the learning curve reported). */
  curve: number[];
  /** The last validation accuracy. */
  accuracy: number;
}

/** Trains epoch by epoch, reporting to `trial` and stopping when its policy says so (see the module comment). */
export async function fitTrial(model: TfModel, data: ImageDataset, options: FitTrialOptions): Promise<FitTrialResult> {
  const { trial, validation, epochs, ...fitOptions } = options;
  checkInt(epochs, 'epochs');
  const batchSize = fitOptions.batchSize ?? 32;
  const perEpoch = Math.ceil(data.count / batchSize);
  const schedule = fitOptions.schedule;
  const losses: number[] = [];
  const curve: number[] = [];
  let images = 0;
  let stopped = false;
  for (let epoch = 0; epoch < epochs; epoch++) {
    // One epoch of `fit`, with the schedule continued from the global step and a fresh shuffle.
    const offset = epoch * perEpoch;
    const r = fit(model, data, {
      ...fitOptions,
      steps: perEpoch,
      schedule: typeof schedule === 'number' ? schedule : (step: number) => schedule(step + offset),
      shuffleSeed: fitOptions.shuffleSeed === null ? null : (fitOptions.shuffleSeed ?? 0) + epoch,
      onStep: fitOptions.onStep && ((step, loss) => fitOptions.onStep!(step + offset, loss)),
    });
    losses.push(...r.losses);
    images += r.images;
    const { accuracy, loss } = evaluate(model, validation);
    curve.push(accuracy);
    await trial.addMeasurement({ step: epoch + 1, reward: accuracy, metrics: { loss } });
    if (epoch + 1 < epochs && (await trial.shouldStop())) {
      stopped = true;
      break;
    }
  }
  return { losses, steps: losses.length, images, epochs: curve.length, stopped, curve, accuracy: curve[curve.length - 1]! };
}
