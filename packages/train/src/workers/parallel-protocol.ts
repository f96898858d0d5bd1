/** Messages between {@link DataParallelTrainer} and its worker threads. */
import type { BackendName } from '../backend.js';
import type { ModelSpec } from '../model-spec.js';

/** `workerData` of a training worker. */
export interface WorkerInit {
  spec: ModelSpec;
  backend: BackendName;
}

/** One shard of a step: current weights (flattened in `trainableWeights` order) and data. */
export interface ShardRequest {
  step: number;
  weights: Float32Array;
  images: Float32Array;
  labels: Int32Array;
  labelSmoothing: number;
}

/** The worker's answer: the shard's mean loss and gradients (flattened like the weights). */
export type ShardReply = { step: number; loss: number; grads: Float32Array } | { step: number; error: string };

/** Sent once the worker has built its model. */
export type ReadyMessage = { ready: true; backend: string } | { ready: false; error: string };
