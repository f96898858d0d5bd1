/**
 * The contract between {@link TrialPool} and its worker threads: how a thread gets its data, what a
 * trial asks for and answers, the messages that carry them, and {@link runTrial} — the one function
 * that trains and evaluates a model, called by the worker (and usable on any thread).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../backend.js';
import { buildModel, type ModelSpec } from '../model-spec.js';
import { Graph, checkGraph } from '@tsglove/models';
import type { TfModel } from '../model.js';
import { loadFashionMnist, type FashionMnistOptions, type ImageDataset } from '../data/fashion-mnist.js';
import { adam, sgd } from '../optimizers.js';
import { evaluate, fit } from '../train.js';
import { ModelsError } from '../errors.js';
import type { TrialReporter } from '../fit-trial.js';

/**
 * Where each worker thread gets its images, once, when it starts (trials then only send a spec):
 * subsets of Fashion-MNIST read by the thread itself, or datasets copied to it once.
 */
export type TrialData =
  | {
      source: 'fashionMnist';
      /** Training images, e.g. `{ limit: 2000 }` (the train split unless `split` says otherwise). */
      train: FashionMnistOptions;
      /**
       * Images the accuracy is measured on (the test split unless `split` says otherwise), e.g.
       * `{ limit: 1000 }`, or for a search a validation range `{ split: 'train', offset: 50000, limit: 1000 }`.
       */
      test: FashionMnistOptions;
    }
  | { source: 'arrays'; train: ImageDataset; test: ImageDataset };

/** How one trial trains its model. */
export interface TrialOptions {
  /** Passes over the training images (default 1). */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** `'sgd'` (with `momentum`) or `'adam'` (default). */
  optimizer?: 'sgd' | 'adam';
  /** Constant learning rate (default 1e-3 for Adam, 0.05 for SGD). */
  lr?: number;
  /** SGD momentum in [0, 1) (default 0.9; ignored by Adam). */
  momentum?: number;
  /** Seed of the per-epoch shuffle (default 0). The initial weights come from the spec's seed. */
  seed?: number;
  /**
   * Wall-clock limit of the trial in seconds, queueing excluded (default none). A trial over it is
   * stopped by terminating its thread (a replacement starts) and rejects.
   */
  timeoutSeconds?: number;
  /**
   * A trial of a study (a `Feedback` of `@tsglove/search`) to wire the training to, as `fitTrial`
   * does: after each epoch the thread's `test` accuracy goes to `trial.addMeasurement` (step = the
   * epoch, `metrics.loss`), and the trial stops when `trial.shouldStop()` (the study's
   * early-stopping policy) says so — the result then has `stopped: true` (end the trial with
   * `feedback.prune()`). Stays on the calling thread: only the measurements cross.
   */
  trial?: TrialReporter;
}

/**
 * What a trained and evaluated trial of a {@link TrialPool} reports (named apart from
 * `TrialResult` of `@tsglove/search`, what an evaluate function returns to a study).
 */
export interface PoolTrialResult {
  /** Accuracy on the `test` images, in [0, 1]. */
  accuracy: number;
  /** Mean cross-entropy on the `test` images. */
  loss: number;
  /** Loss of the last training step. */
  trainLoss: number;
  /** Weights of the model, trainable and not (BatchNorm statistics). */
  params: number;
  /** Optimizer steps taken. */
  steps: number;
  /** Time to build, train and evaluate the model, in seconds. */
  seconds: number;
  /** When the thread started and ended the trial: ms since the epoch, sub-ms resolution, comparable across threads. */
  startedAt: number;
  endedAt: number;
  /** `threadId` of the thread that ran it. */
  threadId: number;
  /** Epochs trained: all of `epochs`, or fewer when the trial's early-stopping policy stopped it. */
  epochs: number;
  /** Whether the early-stopping policy of the trial given as `trial` stopped it before its last epoch. */
  stopped: boolean;
  /** With a `trial`: the `test` accuracy after each epoch trained (the learning curve reported to it). */
  curve?: number[];
}

/** @deprecated Renamed {@link PoolTrialResult}: `TrialResult` is `@tsglove/search`'s. */
export type TrialResult = PoolTrialResult;

/** `workerData` of a trial worker. */
export interface TrialWorkerInit {
  backend: BackendName;
  data: TrialData;
}

/** Sent once by a worker: ready (data loaded, backend up) or why not. */
export type TrialReadyMessage = { ready: true; backend: string; train: number; test: number } | { ready: false; error: string };

/** One trial for a worker. */
export interface TrialRequest {
  id: number;
  spec: ModelSpec;
  options: TrialOptions;
  /**
   * Present when the trial reports per epoch: after each epoch the thread posts an
   * {@link EpochMessage} and blocks on `decision[0]` until the pool stores {@link GO_ON} or {@link STOP}.
   */
  decision?: SharedArrayBuffer;
}

/** `decision[0]` values of a reporting trial: waiting for the pool, train on, stop now. */
export const WAITING = 0;
export const GO_ON = 1;
export const STOP = 2;

/** Sent by a thread after each epoch of a reporting trial. */
export interface EpochMessage {
  id: number;
  /** 1-based epoch just trained. */
  epoch: number;
  /** Whether it is the trial's last epoch (then the pool asks no policy and the thread does not wait). */
  last: boolean;
  accuracy: number;
  loss: number;
}

/** A thread's answer; `fatal`: the error may have left the thread's wasm heap corrupt (the pool replaces the thread). */
export type TrialReply =
  | { id: number; result: PoolTrialResult }
  | { id: number; error: string; fatal?: boolean }
  | { id: number; epoch: EpochMessage };

/**
 * Called by {@link runTrial} after each epoch with the `test` accuracy and loss; returns whether to
 * stop (ignored after the last epoch).
 */
export type OnEpoch = (epoch: { epoch: number; last: boolean; accuracy: number; loss: number }) => boolean;

/**
 * Whether an error can leave a wasm heap corrupt (a failed allocation that wrote out of bounds, a
 * trap): a `WebAssembly.RuntimeError`, or a message saying so. The backend is not to be trusted after.
 */
export function corruptsHeap(error: unknown): boolean {
  if ((error as { name?: unknown } | null)?.name === 'RuntimeError') return true; // WebAssembly.RuntimeError
  const message = error instanceof Error ? error.message : String(error);
  return /memory access out of bounds|out of memory|unreachable|Aborted\(|RuntimeError/i.test(message);
}

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across threads. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Loads the images {@link TrialData} describes. */
export function loadTrialData(data: TrialData): { train: ImageDataset; test: ImageDataset } {
  switch (data.source) {
    case 'fashionMnist':
      return { train: loadFashionMnist({ split: 'train', ...data.train }), test: loadFashionMnist({ split: 'test', ...data.test }) };
    case 'arrays':
      return { train: data.train, test: data.test };
    default:
      throw new ModelsError(
        `expected "fashionMnist" or "arrays", got ${JSON.stringify((data as { source: unknown }).source)}`,
        'data.source',
      );
  }
}

function check(ok: boolean, path: string, expected: string, got: unknown): void {
  if (!ok) throw new ModelsError(`expected ${expected}, got ${JSON.stringify(got)}`, path);
}

/** Throws a {@link ModelsError} naming the first bad field of `options`. */
export function checkTrialOptions(options: TrialOptions): void {
  const { epochs, batchSize, optimizer, lr, momentum, seed, timeoutSeconds, trial } = options;
  check(epochs === undefined || (Number.isInteger(epochs) && epochs >= 1), 'epochs', 'an integer >= 1', epochs);
  check(batchSize === undefined || (Number.isInteger(batchSize) && batchSize >= 1), 'batchSize', 'an integer >= 1', batchSize);
  check(optimizer === undefined || optimizer === 'sgd' || optimizer === 'adam', 'optimizer', '"sgd" or "adam"', optimizer);
  check(lr === undefined || (Number.isFinite(lr) && lr > 0), 'lr', 'a finite number > 0', lr);
  check(momentum === undefined || (momentum >= 0 && momentum < 1), 'momentum', 'a number in [0, 1)', momentum);
  check(seed === undefined || Number.isInteger(seed), 'seed', 'an integer', seed);
  check(timeoutSeconds === undefined || timeoutSeconds > 0, 'timeoutSeconds', 'a number > 0', timeoutSeconds);
  if (trial !== undefined && (typeof trial?.addMeasurement !== 'function' || typeof trial?.shouldStop !== 'function')) {
    throw new ModelsError(
      'expected a trial with addMeasurement() and shouldStop() (the `feedback` of a study), got ' + typeof trial,
      'trial',
    );
  }
}

/** Builds a spec's model (a graph is checked first); any failure is a `spec: ...` error. */
function build(spec: ModelSpec): TfModel {
  try {
    if (spec.kind === 'graph') checkGraph(new Graph(spec.graph.name, spec.graph.layers, spec.graph.outputs));
    return buildModel(spec);
  } catch (e) {
    throw new ModelsError(`cannot build the model: ${e instanceof Error ? e.message : String(e)}`, 'spec');
  }
}

/** Thrown out of the training loop when `onEpoch` says stop. */
class StopTrial {}

/**
 * Builds the model of `spec`, trains it on `data.train` with `options` (the {@link fit} loop: Adam
 * or SGD at a constant rate, shuffled per epoch by `options.seed`) and evaluates it on `data.test`.
 * With `onEpoch`, it also evaluates after every epoch, passes the accuracy to `onEpoch` and stops
 * when that returns true (the training up to there is the same as without it). Throws a
 * {@link ModelsError} when the model does not fit the data (`spec: ...`) or the loss stops being
 * finite (`loss: training diverged ...`). Everything it allocates is freed.
 */
export function runTrial(
  spec: ModelSpec,
  options: TrialOptions,
  data: { train: ImageDataset; test: ImageDataset },
  onEpoch?: OnEpoch,
): Omit<PoolTrialResult, 'threadId'> {
  checkTrialOptions(options);
  const startedAt = nowMs();
  const kind = options.optimizer ?? 'adam';
  const lr = options.lr ?? (kind === 'adam' ? 1e-3 : 0.05);
  const model = build(spec);
  const optimizer = kind === 'adam' ? adam() : sgd({ momentum: options.momentum ?? 0.9 });
  try {
    const want = data.train.shape;
    if (model.inputShape.join() !== want.join()) {
      throw new ModelsError(`the model takes [${model.inputShape.join(', ')}] inputs, the images are [${want.join(', ')}]`, 'spec');
    }
    const classes = tf.tidy(() => model.apply(tf.zeros([1, ...want]) as tf.Tensor4D, false).shape);
    if (classes.length !== 2 || classes[1] !== data.train.numClasses) {
      throw new ModelsError(`the model outputs [${classes.join(', ')}] per batch, expected [n, ${data.train.numClasses}] logits`, 'spec');
    }
    const batchSize = options.batchSize ?? 32;
    const epochs = options.epochs ?? 1;
    const perEpoch = Math.ceil(data.train.count / batchSize);
    const losses: number[] = [];
    const curve: number[] = [];
    let last: { loss: number; accuracy: number } | undefined;
    let stopped = false;
    try {
      fit(model, data.train, {
        optimizer,
        schedule: lr,
        batchSize,
        epochs,
        shuffleSeed: options.seed ?? 0,
        onStep: (step, loss) => {
          if (!Number.isFinite(loss)) throw new ModelsError(`training diverged: loss ${loss} at step ${step} (${kind}, lr ${lr})`, 'loss');
          losses.push(loss);
          if (!onEpoch || (step + 1) % perEpoch !== 0) return;
          const epoch = (step + 1) / perEpoch;
          last = evaluate(model, data.test);
          curve.push(last.accuracy);
          if (onEpoch({ epoch, last: epoch === epochs, ...last }) && epoch < epochs) throw new StopTrial();
        },
      });
    } catch (e) {
      if (!(e instanceof StopTrial)) throw e;
      stopped = true;
    }
    const { loss, accuracy } = last ?? evaluate(model, data.test);
    if (!Number.isFinite(loss))
      throw new ModelsError(`training diverged: test loss ${loss} after ${losses.length} steps (${kind}, lr ${lr})`, 'loss');
    const p = model.countParams();
    const endedAt = nowMs();
    return {
      accuracy,
      loss,
      trainLoss: losses[losses.length - 1]!,
      params: p.trainable + p.nonTrainable,
      steps: losses.length,
      seconds: (endedAt - startedAt) / 1000,
      startedAt,
      endedAt,
      epochs: Math.ceil(losses.length / perEpoch),
      stopped,
      ...(onEpoch ? { curve } : {}),
    };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
