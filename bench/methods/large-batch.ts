/**
 * The large-batch experiment: the same ConvNet and number of epochs on a Fashion-MNIST subset, at
 * a small batch and at a large one — without LR scaling, with the linear rule + warm-up (SGD), with
 * LARS and LAMB — and with the large batch's BN statistics gathered over replica shards (local vs
 * cross-replica).
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import type { Optimizer } from '@tsglove/train';
import type { Schedule } from '@tsglove/train';
import { softmaxCrossEntropy } from '@tsglove/train';
import { gatherBatch } from '@tsglove/train';
import type { ImageDataset } from '@tsglove/train';
import { convNet, type ConvNet, type ForwardOptions } from '@tsglove/methods';
import { robustAccuracy } from '@tsglove/methods';
import { shuffled } from './sat.js';
import { since } from './common.js';

/** Arguments of {@link trainClassifier}. */
export interface TrainClassifierOptions {
  optimizer: Optimizer;
  schedule: Schedule;
  batchSize: number;
  epochs: number;
  /** BN options of every training forward pass (shards, bnMode). */
  forward?: Omit<ForwardOptions, 'training'>;
  /** Replaces each batch (e.g. adds cue-conflict images); labels may be soft `[n, k]`. Returns new tensors. */
  augment?: (x: tf.Tensor4D, y: tf.Tensor1D, step: number) => { x: tf.Tensor4D; y: tf.Tensor };
  seed?: number;
}

/** Plain supervised training of a {@link ConvNet}; returns the last step's loss and seconds. */
export function trainClassifier(
  model: ConvNet,
  data: ImageDataset,
  a: TrainClassifierOptions,
): { finalLoss: number; seconds: number; steps: number } {
  const perEpoch = Math.floor(data.count / a.batchSize);
  const total = perEpoch * a.epochs;
  const random = seededRandom((a.seed ?? 0) + 31);
  const weights = model.trainableWeights as tf.Variable[];
  let order = shuffled(data.count, random);
  let finalLoss = NaN;
  const start = performance.now();
  for (let s = 0; s < total; s++) {
    if (s % perEpoch === 0 && s > 0) order = shuffled(data.count, random);
    const batch = gatherBatch(data, order, (s % perEpoch) * a.batchSize, a.batchSize);
    const { x, y } = a.augment ? a.augment(batch.x, batch.y, s) : batch;
    if (a.augment) tf.dispose([batch.x, batch.y]);
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const { logits } = model.forward(x, { ...a.forward, training: true });
        return softmaxCrossEntropy(y, logits);
      }, weights);
      a.optimizer.apply(
        weights,
        weights.map((w) => grads[w.name]!),
        a.schedule(s),
      );
      return value;
    });
    finalLoss = loss.dataSync()[0]!;
    tf.dispose([x, y, loss]);
  }
  return { finalLoss, seconds: since(start), steps: total };
}

/** One configuration of the large-batch table. */
export interface LargeBatchConfig {
  label: string;
  batchSize: number;
  optimizer: () => Optimizer;
  /** Schedule for `totalSteps` steps. */
  schedule: (totalSteps: number) => Schedule;
  forward?: Omit<ForwardOptions, 'training'>;
}

/** Trains a fresh ConvNet per config and seed; returns test accuracy per config. */
export function runLargeBatch(
  configs: readonly LargeBatchConfig[],
  train: ImageDataset,
  test: ImageDataset,
  epochs: number,
  seeds: readonly number[],
  filters = [16, 32, 32],
): Array<{ label: string; batchSize: number; accuracies: number[]; seconds: number; finalLoss: number }> {
  return configs.map((c) => {
    const accuracies: number[] = [];
    let seconds = 0;
    let finalLoss = NaN;
    for (const seed of seeds) {
      const model = convNet({ filters, seed });
      const opt = c.optimizer();
      const total = Math.floor(train.count / c.batchSize) * epochs;
      const r = trainClassifier(model, train, {
        optimizer: opt,
        schedule: c.schedule(total),
        batchSize: c.batchSize,
        epochs,
        forward: c.forward,
        seed,
      });
      accuracies.push(robustAccuracy(model, test, { attack: null }).clean);
      seconds += r.seconds;
      finalLoss = r.finalLoss;
      opt.dispose();
      model.dispose();
    }
    console.error(`  LARGE-BATCH ${c.label}: acc ${accuracies.join(', ')} (${seconds.toFixed(0)} s)`);
    return { label: c.label, batchSize: c.batchSize, accuracies, seconds, finalLoss };
  });
}
