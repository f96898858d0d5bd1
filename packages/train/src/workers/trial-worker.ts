/**
 * A worker thread of {@link TrialPool}: starts its own backend (e.g. its own wasm instance), loads
 * its data once, then trains and evaluates one model per {@link TrialRequest} with
 * {@link runTrial} and replies with the result or the error.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.js';
import {
  corruptsHeap,
  loadTrialData,
  runTrial,
  type TrialReadyMessage,
  type TrialReply,
  type TrialRequest,
  type TrialWorkerInit,
} from './trial-protocol.js';

const port = parentPort!;
const init = workerData as TrialWorkerInit;

try {
  const backend = await initBackend(init.backend);
  const data = loadTrialData(init.data);
  port.on('message', (req: TrialRequest) => {
    let reply: TrialReply;
    try {
      reply = { id: req.id, result: { ...withoutLeaks(() => runTrial(req.spec, req.options, data)), threadId } };
    } catch (e) {
      reply = { id: req.id, error: e instanceof Error ? e.message : String(e), fatal: corruptsHeap(e) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true, backend, train: data.train.count, test: data.test.count } satisfies TrialReadyMessage);
} catch (e) {
  port.postMessage({ ready: false, error: e instanceof Error ? e.message : String(e) } satisfies TrialReadyMessage);
}

/**
 * Runs `fn` and frees every tensor and variable it created, even when it throws part-way (e.g. a
 * spec whose graph fails halfway through building its weights), so a long search does not grow.
 */
function withoutLeaks<T>(fn: () => T): T {
  const variables = tf.engine().state.registeredVariables;
  const before = new Set(Object.keys(variables));
  try {
    return tf.tidy(() => fn() as tf.TensorContainer) as T;
  } finally {
    for (const [name, v] of Object.entries(variables)) if (!before.has(name)) v.dispose();
  }
}
