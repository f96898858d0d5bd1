/**
 * A worker thread of {@link TrialPool}: starts its own backend (e.g. its own wasm instance), loads
 * its data once, then trains and evaluates one model per {@link TrialRequest} with
 * {@link runTrial} and replies with the result or the error. A reporting trial (one with a
 * `decision` buffer) posts each epoch's accuracy and waits, blocked, until the pool has asked the
 * study's early-stopping policy: training is synchronous, and a thread runs one trial at a time.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.js';
import {
  GO_ON,
  WAITING,
  corruptsHeap,
  loadTrialData,
  runTrial,
  type OnEpoch,
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
      const onEpoch = req.decision && reportTo(req.id, new Int32Array(req.decision));
      reply = { id: req.id, result: { ...withoutLeaks(() => runTrial(req.spec, req.options, data, onEpoch)), threadId } };
    } catch (e) {
      reply = { id: req.id, error: e instanceof Error ? e.message : String(e), fatal: corruptsHeap(e) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true, backend, train: data.train.count, test: data.test.count } satisfies TrialReadyMessage);
} catch (e) {
  port.postMessage({ ready: false, error: e instanceof Error ? e.message : String(e) } satisfies TrialReadyMessage);
}

/** Posts each epoch to the pool and waits for its decision (see the file comment); true: stop. */
function reportTo(id: number, decision: Int32Array): OnEpoch {
  return ({ epoch, last, accuracy, loss }) => {
    Atomics.store(decision, 0, WAITING);
    port.postMessage({ id, epoch: { id, epoch, last, accuracy, loss } } satisfies TrialReply);
    if (last) return false;
    Atomics.wait(decision, 0, WAITING);
    return Atomics.load(decision, 0) !== GO_ON;
  };
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
