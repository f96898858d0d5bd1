/**
 * Data-parallel training on worker threads. Each step splits the batch into shards: the calling
 * thread computes one, each worker (its own tf.js backend, e.g. its own wasm instance) computes
 * another from the current weights; the gradients are averaged (weighted by shard size) and the
 * optimizer updates the weights on the calling thread. BatchNorm moving statistics follow the
 * calling thread's shard.
 *
 * The worker runs this package's TypeScript sources through tsx when this file is itself `.ts`.
 */
import type { Worker } from 'node:worker_threads';
import { startEntryWorker } from './worker-start.js';
import * as tf from '@tensorflow/tfjs';
import { buildModel, type ModelSpec } from '../model-spec.js';
import { softmaxCrossEntropy } from '../losses.js';
import type { TfModel } from '../model.js';
import type { Optimizer } from '../slot-optimizer.js';
import type { BackendName } from '../backend.js';
import type { ReadyMessage, ShardReply, ShardRequest, WorkerInit } from './parallel-protocol.js';
import { ModelsError } from '../errors.js';
import { fusedWeightedSums } from '../kernels/optimizer-kernels.js';
import { checkAbove, checkInt } from '@tsglove/models';

/** Options of {@link DataParallelTrainer.create}. */
export interface DataParallelOptions {
  /** The model, as plain data (built on this thread and on every worker). */
  spec: ModelSpec;
  optimizer: Optimizer;
  /** Worker threads besides the calling thread (default 1: two shards on two cores). */
  workers?: number;
  /** Backend of the workers (default `'wasm'`); the calling thread keeps its current backend. */
  backend?: BackendName;
  labelSmoothing?: number;
  /**
   * Fraction of each batch the calling thread computes (default: an equal share). It also runs
   * the optimizer, so a slightly smaller share can balance the threads.
   */
  mainShare?: number;
}

/** Starts a worker on `parallel-worker` (see `worker-start.ts`). */
function startWorker(init: WorkerInit): Worker {
  return startEntryWorker('parallel-worker', init, 'workers');
}

interface Pending {
  resolve: (r: { loss: number; grads: Float32Array }) => void;
  reject: (e: Error) => void;
}

/** A data-parallel trainer over worker threads (see the file comment). */
export class DataParallelTrainer {
  private step = 0;
  private readonly pending = new Map<Worker, Pending>();
  /** Set once a worker thread has exited: every later step rejects with it. */
  private dead?: ModelsError;
  private closing = false;

  private constructor(
    /** The model on the calling thread; its weights are the trained ones. */
    readonly model: TfModel,
    private readonly workers: Worker[],
    private readonly options: DataParallelOptions,
  ) {
    for (const w of workers) {
      w.on('message', (m: ShardReply) => {
        const p = this.pending.get(w);
        if (!p) return;
        this.pending.delete(w);
        if ('error' in m) p.reject(new ModelsError(m.error, 'worker'));
        else p.resolve(m);
      });
      w.on('error', (e) => {
        const p = this.pending.get(w);
        this.pending.delete(w);
        p?.reject(e);
      });
      w.on('exit', (code) => {
        // A dead worker never answers: fail its pending shard, and every later step.
        if (this.closing) return;
        this.dead ??= new ModelsError(`a worker thread exited (code ${code}); close() this trainer and create a new one`, 'worker');
        const p = this.pending.get(w);
        this.pending.delete(w);
        p?.reject(this.dead);
      });
    }
  }

  /** Builds the model here and on `workers` threads; resolves once every worker is ready. */
  static async create(options: DataParallelOptions): Promise<DataParallelTrainer> {
    const count = options.workers ?? 1;
    checkInt(count, 'workers');
    if (options.mainShare !== undefined) checkAbove(options.mainShare, 'mainShare', 0, 1, true);
    const model = buildModel(options.spec);
    const init: WorkerInit = { spec: options.spec, backend: options.backend ?? 'wasm' };
    const workers = Array.from({ length: count }, () => startWorker(init));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once('message', (m: ReadyMessage) => (m.ready ? resolve() : reject(new ModelsError(m.error, 'worker'))));
              w.once('error', reject);
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      model.dispose();
      throw e;
    }
    return new DataParallelTrainer(model, workers, options);
  }

  /** Shard sizes for a batch of `n`: the calling thread's first. */
  shardSizes(n: number): number[] {
    const k = this.workers.length + 1;
    const main = Math.max(1, Math.min(n - this.workers.length, Math.round(n * (this.options.mainShare ?? 1 / k))));
    const rest = n - main;
    const sizes = [main];
    for (let i = 0; i < this.workers.length; i++)
      sizes.push(Math.floor(rest / this.workers.length) + (i < rest % this.workers.length ? 1 : 0));
    return sizes;
  }

  /**
   * One synchronous data-parallel step on a batch (`images`: `n·h·w·c` floats, NHWC; `labels`:
   * `n` class ids). Resolves to the batch's mean loss before the update. Rejects when a worker
   * thread has died (then only `close()` is left).
   */
  async trainStep(images: Float32Array, labels: Int32Array, lr: number): Promise<number> {
    if (this.dead) throw this.dead;
    const n = labels.length;
    const [h, w, c] = this.model.inputShape as [number, number, number];
    const px = h * w * c;
    if (images.length !== n * px) throw new ModelsError(`expected ${n}·${px} floats for ${n} labels, got ${images.length}`, 'images');
    if (n < this.workers.length + 1)
      throw new ModelsError(`a batch of ${n} cannot be split over ${this.workers.length + 1} threads`, 'labels');
    const weights = this.model.trainableWeights as tf.Variable[];
    const flat = new Float32Array(weights.reduce((s, v) => s + v.size, 0));
    let offset = 0;
    for (const v of weights) {
      flat.set(v.dataSync() as Float32Array, offset);
      offset += v.size;
    }
    const sizes = this.shardSizes(n);
    const step = this.step++;
    let start = sizes[0]!;
    const replies = this.workers.map((worker, i) => {
      const size = sizes[i + 1]!;
      const req: ShardRequest = {
        step,
        weights: flat.slice(),
        labelSmoothing: this.options.labelSmoothing ?? 0,
        images: images.slice(start * px, (start + size) * px),
        labels: labels.slice(start, start + size),
      };
      start += size;
      return new Promise<{ loss: number; grads: Float32Array }>((resolve, reject) => {
        this.pending.set(worker, { resolve, reject });
        worker.postMessage(req, [req.weights.buffer as ArrayBuffer, req.images.buffer as ArrayBuffer, req.labels.buffer as ArrayBuffer]);
      });
    });
    // The calling thread's shard, while the workers compute theirs.
    const m = sizes[0]!;
    const x = tf.tensor4d(images.subarray(0, m * px), [m, h, w, c]);
    const y = tf.tensor1d(labels.subarray(0, m), 'int32');
    const { value, grads } = tf.variableGrads(
      () => softmaxCrossEntropy(y, this.model.apply(x, true), this.options.labelSmoothing ?? 0),
      weights,
    );
    let loss = value.dataSync()[0]! * m;
    tf.dispose([x, y, value]);
    let others: Array<{ loss: number; grads: Float32Array }>;
    try {
      others = await Promise.all(replies);
    } catch (e) {
      tf.dispose(Object.values(grads));
      throw e;
    }
    others.forEach((r, i) => (loss += r.loss * sizes[i + 1]!));
    tf.tidy(() => {
      let averaged = weights.map((v) => grads[v.name]!);
      others.forEach((r, i) => {
        let at = 0;
        const shard = weights.map((v) => tf.tensor(r.grads.subarray(at, (at += v.size)), v.shape));
        // g·(m/n) + shard·(size/n) for the first shard, then g + shard·(size/n): one kernel call each
        const alpha = i === 0 ? m / n : 1;
        const beta = sizes[i + 1]! / n;
        averaged =
          fusedWeightedSums(averaged, shard, alpha, beta) ??
          averaged.map((g, j) => tf.add(i === 0 ? tf.mul(g, alpha) : g, tf.mul(shard[j]!, beta)));
      });
      this.options.optimizer.apply(weights, averaged, lr);
    });
    tf.dispose(Object.values(grads));
    return loss / n;
  }

  /** Stops the workers and frees the model (also after a worker died). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.model.dispose();
  }
}
