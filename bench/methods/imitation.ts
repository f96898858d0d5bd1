/**
 * The deep-thin experiment: a thin deep ConvNet trained from scratch vs the same net trained by
 * "go wide, then narrow" — train a 4× wider twin, make the thin net imitate its layer outputs, then
 * fine-tune on labels — with the same number of thin-net epochs.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { adam } from '@tsglove/train';
import { constantSchedule } from '@tsglove/train';
import { gatherBatch } from '@tsglove/train';
import type { ImageDataset } from '@tsglove/train';
import { convNet, type ConvNetOptions } from '@tsglove/methods';
import { widen, imitationProjections, imitationLoss } from '@tsglove/methods';
import { robustAccuracy } from '@tsglove/methods';
import { trainClassifier } from './large-batch.js';
import { shuffled } from './sat.js';
import { since } from './common.js';

/** Arguments of {@link runImitation}. */
export interface ImitationRunOptions {
  thin: ConvNetOptions;
  factor: number;
  train: ImageDataset;
  test: ImageDataset;
  wideEpochs: number;
  imitationEpochs: number;
  finetuneEpochs: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
}

/** Test accuracies of the four networks and the seconds of each phase. */
export interface ImitationResult {
  wide: number;
  scratch: number;
  imitatedOnly: number;
  imitated: number;
  seconds: { wide: number; scratch: number; imitation: number; finetune: number };
}

/** Runs both recipes from one seed. */
export function runImitation(a: ImitationRunOptions): ImitationResult {
  const seed = a.seed ?? 0;
  const bs = a.batchSize ?? 64;
  const lr = a.lr ?? 3e-3;
  const acc = (m: ReturnType<typeof convNet>): number => robustAccuracy(m, a.test, { attack: null }).clean;
  const fitFor = (m: ReturnType<typeof convNet>, epochs: number): number => {
    const opt = adam();
    const r = trainClassifier(m, a.train, { optimizer: opt, schedule: constantSchedule(lr), batchSize: bs, epochs, seed });
    opt.dispose();
    return r.seconds;
  };
  // from scratch, for imitation + fine-tune epochs
  const scratch = convNet({ ...a.thin, seed });
  const tScratch = fitFor(scratch, a.imitationEpochs + a.finetuneEpochs);
  const scratchAcc = acc(scratch);
  scratch.dispose();
  // go wide
  const wide = convNet({ ...widen(a.thin, a.factor), seed: seed + 1000 });
  const tWide = fitFor(wide, a.wideEpochs);
  const wideAcc = acc(wide);
  // then narrow: imitation (same initial weights as the scratch net)
  const thin = convNet({ ...a.thin, seed });
  const proj = imitationProjections(thin, wide, seed + 2000);
  const vars = [...thin.trainableWeights, ...proj.weights] as tf.Variable[];
  const opt = adam();
  const random = seededRandom(seed + 77);
  const perEpoch = Math.floor(a.train.count / bs);
  let order = shuffled(a.train.count, random);
  const start = performance.now();
  for (let s = 0; s < perEpoch * a.imitationEpochs; s++) {
    if (s % perEpoch === 0 && s > 0) order = shuffled(a.train.count, random);
    const { x, y } = gatherBatch(a.train, order, (s % perEpoch) * bs, bs);
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => imitationLoss(thin, wide, proj, x), vars);
      opt.apply(
        vars,
        vars.map((v) => grads[v.name]!),
        lr,
      );
      value.dispose();
    });
    tf.dispose([x, y]);
  }
  const tImitation = since(start);
  opt.dispose();
  proj.dispose();
  wide.dispose();
  const imitatedOnly = acc(thin);
  const tFinetune = fitFor(thin, a.finetuneEpochs);
  const imitated = acc(thin);
  thin.dispose();
  return {
    wide: wideAcc,
    scratch: scratchAcc,
    imitatedOnly,
    imitated,
    seconds: { wide: tWide, scratch: tScratch, imitation: tImitation, finetune: tFinetune },
  };
}
