/**
 * A training worker thread of {@link DataParallelTrainer}: builds the model on its own backend,
 * then for each request loads the weights, computes the shard's loss and gradients, and replies.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.js';
import { buildModel } from '../model-spec.js';
import { softmaxCrossEntropy } from '../losses.js';
import type { ReadyMessage, ShardReply, ShardRequest, WorkerInit } from './parallel-protocol.js';

const port = parentPort!;
const init = workerData as WorkerInit;

try {
  const backend = await initBackend(init.backend);
  const model = buildModel(init.spec);
  const weights = model.trainableWeights as tf.Variable[];
  const total = weights.reduce((n, w) => n + w.size, 0);
  const [h, w, c] = model.inputShape as [number, number, number];

  port.on('message', (req: ShardRequest) => {
    try {
      let offset = 0;
      tf.tidy(() => {
        for (const v of weights) {
          v.assign(tf.tensor(req.weights.subarray(offset, offset + v.size), v.shape));
          offset += v.size;
        }
      });
      const n = req.labels.length;
      const x = tf.tensor4d(req.images, [n, h, w, c]);
      const y = tf.tensor1d(req.labels, 'int32');
      const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(y, model.apply(x, true), req.labelSmoothing), weights);
      const flat = new Float32Array(total);
      offset = 0;
      for (const v of weights) {
        flat.set(grads[v.name]!.dataSync() as Float32Array, offset);
        offset += v.size;
      }
      const reply: ShardReply = { step: req.step, loss: value.dataSync()[0]!, grads: flat };
      tf.dispose([x, y, value, ...Object.values(grads)]);
      port.postMessage(reply, [flat.buffer as ArrayBuffer]);
    } catch (e) {
      port.postMessage({ step: req.step, error: (e as Error).stack ?? String(e) } satisfies ShardReply);
    }
  });
  port.postMessage({ ready: true, backend } satisfies ReadyMessage);
} catch (e) {
  port.postMessage({ ready: false, error: (e as Error).stack ?? String(e) } satisfies ReadyMessage);
}
