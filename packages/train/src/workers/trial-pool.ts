/**
 * Trials trained in parallel on worker threads: a search on the calling thread hands each
 * candidate model (a {@link ModelSpec}, plain data) to {@link TrialPool.train}; a free thread
 * builds, trains and evaluates it on its own backend and data, and the promise resolves with the
 * accuracy. Each thread loads its data once, when it starts; a trial sends only the spec.
 *
 * ```ts
 * const pool = await TrialPool.create({ threads: 2, data: { source: 'fashionMnist', train: { limit: 2000 }, test: { limit: 1000 } } });
 * const study = await sample(space, regularizedEvolution(), { numExamples: 40, workers: 2 })
 *   .run(async (net) => (await pool.train({ kind: 'graph', graph: net.build().toJSON() }, { epochs: 1 })).accuracy);
 * await pool.close();
 * ```
 *
 * **Pruning.** `pool.train(spec, { epochs, trial: feedback })` reports each epoch's accuracy to the
 * study's trial and stops the training when the study's early-stopping policy says so (see
 * {@link TrialOptions.trial}); no polling in user code:
 *
 * ```ts
 * await sample(space, tpe(), { numExamples: 40, workers: 2, earlyStopping: medianStopping() }).run(async (net, feedback) => {
 *   const r = await pool.train(specOf(net), { epochs: 5, trial: feedback });
 *   if (r.stopped) await feedback.prune(`pruned after epoch ${r.epochs}`);
 *   return r.accuracy; // not reported when pruned: the trial has ended
 * });
 * ```
 *
 * A trial that throws in its thread (a bad spec, a diverging loss) rejects its promise and the
 * thread takes the next trial; a thread that dies (or is stopped by `timeoutSeconds`) rejects its
 * trial and is replaced. So is a thread whose trial failed in a way that can corrupt its wasm heap
 * (e.g. "memory access out of bounds" on an oversized model): it would fail every later trial. When the package runs from its TypeScript sources, the threads load them
 * through tsx, as {@link DataParallelTrainer}'s do.
 */
import type { Worker } from 'node:worker_threads';
import { startEntryWorker } from './worker-start.js';
import type { BackendName } from '../backend.js';
import type { ModelSpec } from '../model-spec.js';
import {
  GO_ON,
  STOP,
  checkTrialOptions,
  type EpochMessage,
  type TrialData,
  type TrialOptions,
  type TrialReadyMessage,
  type TrialReply,
  type PoolTrialResult,
  type TrialWorkerInit,
} from './trial-protocol.js';
import { ModelsError } from '../errors.js';
import { checkInt } from '@tsglove/models';

export type { TrialData, TrialOptions, PoolTrialResult, TrialResult } from './trial-protocol.js';

/** Options of {@link TrialPool.create}. */
export interface TrialPoolOptions {
  /** Worker threads, i.e. trials trained at once (default 2). */
  threads?: number;
  /** Backend of every thread (default `'wasm'`, one single-threaded wasm instance per thread). */
  backend?: BackendName;
  /** The images each thread loads once (see {@link TrialData}). */
  data: TrialData;
}

/** A trial waiting for, or running on, a thread. */
interface Job {
  id: number;
  spec: ModelSpec;
  options: TrialOptions;
  resolve: (r: PoolTrialResult) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
  timedOut?: boolean;
  /** A reporting trial's decision cell, shared with its thread (see `TrialRequest.decision`). */
  decision?: Int32Array;
  /** The epochs handed to `options.trial` so far, in order; the trial ends after them. */
  relayed?: Promise<void>;
  /** The first error `options.trial` threw (the trial stops and rejects with it). */
  trialError?: { error: unknown };
}

/** One worker thread and the trial it runs. */
interface Slot {
  worker: Worker;
  job?: Job;
  /** The last uncaught error of the thread, for the message when it dies. */
  crash?: Error;
  /** Being terminated (its trial timed out): takes no trial and its late answer is ignored. */
  stopping?: boolean;
}

/** Starts a worker on `trial-worker` (see `worker-start.ts`). */
function startWorker(init: TrialWorkerInit): Worker {
  return startEntryWorker('trial-worker', init, 'threads');
}

/** Starts a worker and waits until it has its backend and data. */
async function startReady(init: TrialWorkerInit): Promise<Worker> {
  const worker = startWorker(init);
  let listeners: Array<[string, (arg: any) => void]> = [];
  try {
    await new Promise<void>((resolve, reject) => {
      listeners = [
        [
          'message',
          (m: TrialReadyMessage) => (m.ready ? resolve() : reject(new ModelsError(`a trial thread did not start: ${m.error}`, 'threads'))),
        ],
        ['error', (e: Error) => reject(new ModelsError(`a trial thread did not start: ${e.message}`, 'threads'))],
        ['exit', (code: number) => reject(new ModelsError(`a trial thread exited with code ${code} while starting`, 'threads'))],
      ];
      for (const [event, fn] of listeners) worker.on(event, fn);
    });
  } catch (e) {
    await worker.terminate();
    throw e;
  } finally {
    // Only ours: removeAllListeners would also drop the Worker's internal ones (and its messages).
    for (const [event, fn] of listeners) worker.off(event, fn);
  }
  return worker;
}

/** Worker threads that train and evaluate models, one trial per thread at a time (see the file comment). */
export class TrialPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Set when a dead thread could not be replaced: every later trial rejects with it. */
  private broken?: Error;

  private constructor(
    private readonly init: TrialWorkerInit,
    workers: Worker[],
  ) {
    for (const w of workers) this.attach(w);
  }

  /**
   * Starts `threads` worker threads, each with its own backend and its own copy of the data;
   * resolves once all are ready (rejects, stopping them, if one fails — e.g. missing data).
   */
  static async create(options: TrialPoolOptions): Promise<TrialPool> {
    const threads = options.threads ?? 2;
    checkInt(threads, 'threads');
    const init: TrialWorkerInit = { backend: options.backend ?? 'wasm', data: options.data };
    const started = await Promise.allSettled(Array.from({ length: threads }, () => startReady(init)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.terminate() : undefined)));
      throw failed.reason;
    }
    return new TrialPool(
      init,
      started.map((s) => (s as PromiseFulfilledResult<Worker>).value),
    );
  }

  /** Number of worker threads. */
  get threads(): number {
    return this.slots.length;
  }

  /** Trials running or waiting. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  /**
   * Trains and evaluates the model of `spec` on a free thread (queued until one is free). Rejects
   * with a {@link ModelsError} naming the trial when the options are bad, the model fails in its
   * thread (`spec: ...`, `loss: training diverged ...`), the thread dies, the trial exceeds
   * `timeoutSeconds`, or the pool is closed first.
   */
  train(spec: ModelSpec, options: TrialOptions = {}): Promise<PoolTrialResult> {
    if (this.closed) return Promise.reject(new ModelsError('the trial pool is closed', 'pool'));
    if (this.broken) return Promise.reject(this.broken);
    try {
      checkTrialOptions(options);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<PoolTrialResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, spec, options, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; trials still waiting or running reject. Further `train` calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new ModelsError('the trial pool was closed before the trial ended', 'pool');
    for (const job of this.queue.splice(0)) job.reject(error);
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      if (slot.job) this.finish(slot, undefined, error);
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Hands waiting trials to idle threads. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || slot.stopping) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.ref();
      if (job.options.timeoutSeconds !== undefined) {
        job.timer = setTimeout(() => {
          job.timedOut = true;
          slot.stopping = true;
          void slot.worker.terminate();
        }, job.options.timeoutSeconds * 1000);
      }
      try {
        const { trial, ...options } = job.options;
        let decision: SharedArrayBuffer | undefined;
        if (trial) {
          decision = new SharedArrayBuffer(4);
          job.decision = new Int32Array(decision);
        }
        slot.worker.postMessage({ id: job.id, spec: job.spec, options, decision });
      } catch (e) {
        // Not structured-clone safe (e.g. a function in the spec): the thread never saw it.
        this.finish(slot, undefined, new ModelsError(`the spec cannot be sent to a thread: ${(e as Error).message}`, `trial ${job.id}`));
        this.dispatch(); // this slot is free again
        return;
      }
    }
  }

  /** Ends the slot's trial with a result or an error and frees the slot; `answered`: its thread replied. */
  private finish(slot: Slot, result: PoolTrialResult | undefined, error?: Error, answered = false): void {
    const job = slot.job;
    if (!job) return;
    slot.job = undefined;
    clearTimeout(job.timer);
    slot.worker.unref();
    const settle = (): void => {
      if (error) job.reject(error);
      else if (job.trialError) job.reject(job.trialError.error as Error);
      else job.resolve(result!);
    };
    // When its thread answered, the trial's measurements are stored before its promise settles (so
    // a `report` comes after them); a trial ended from here (closed, timed out) settles at once.
    if (job.relayed && answered) void job.relayed.then(settle);
    else settle();
  }

  /** Hands an epoch of a reporting trial to its `trial`, then tells the waiting thread whether to go on. */
  private relay(job: Job, m: EpochMessage): void {
    const trial = job.options.trial!;
    job.relayed = (job.relayed ?? Promise.resolve()).then(async () => {
      let stop = true;
      try {
        if (!job.trialError) {
          await trial.addMeasurement({ step: m.epoch, reward: m.accuracy, metrics: { loss: m.loss } });
          stop = !m.last && (await trial.shouldStop());
        }
      } catch (error) {
        job.trialError ??= { error };
      }
      if (m.last) return;
      Atomics.store(job.decision!, 0, stop ? STOP : GO_ON);
      Atomics.notify(job.decision!, 0);
    });
  }

  private attach(worker: Worker): void {
    const slot: Slot = { worker };
    this.slots.push(slot);
    worker.unref(); // an idle pool does not keep the process alive; a running trial does
    worker.on('message', (m: TrialReply) => {
      if (slot.stopping || slot.job?.id !== m.id) return;
      if ('epoch' in m) {
        this.relay(slot.job, m.epoch);
        return;
      }
      if ('error' in m && m.fatal) {
        // The backend of this thread cannot be trusted any more: replace the thread, not reuse it.
        this.finish(
          slot,
          undefined,
          new ModelsError(`failed in its thread: ${m.error} (its wasm heap may be corrupt: the thread was replaced)`, `trial ${m.id}`),
        );
        slot.stopping = true;
        void slot.worker.terminate(); // 'exit' → replace()
        return;
      }
      if ('error' in m) this.finish(slot, undefined, new ModelsError(`failed in its thread: ${m.error}`, `trial ${m.id}`), true);
      else this.finish(slot, m.result, undefined, true);
      this.dispatch();
    });
    worker.on('error', (e) => (slot.crash = e));
    worker.on('exit', (code) => void this.replace(slot, code));
  }

  /** A thread ended without being closed: fail its trial, start a replacement, go on. */
  private async replace(slot: Slot, code: number): Promise<void> {
    const at = this.slots.indexOf(slot);
    if (this.closed || at < 0) return;
    this.slots.splice(at, 1);
    const job = slot.job;
    if (job) {
      const why = job.timedOut
        ? `stopped after its timeout of ${job.options.timeoutSeconds} s (its thread was terminated and replaced)`
        : `its thread died (exit code ${code}${slot.crash ? `: ${slot.crash.message}` : ''}) and was replaced`;
      this.finish(slot, undefined, new ModelsError(why, `trial ${job.id}`));
    }
    try {
      const worker = await startReady(this.init);
      if (this.closed) {
        await worker.terminate();
        return;
      }
      this.attach(worker);
      this.dispatch();
    } catch (e) {
      if (this.slots.length > 0 || this.closed) return; // the other threads carry on
      this.broken = e as Error;
      for (const waiting of this.queue.splice(0)) waiting.reject(this.broken);
    }
  }
}
