/**
 * The numeric arguments of train and methods are checked by `@tsglove/models` `checks.ts`: each
 * error is a ModelsError that names the argument and speaks the specs' words (`expected float > 0,
 * got 0`), the same everywhere — formerly each function wrote its own `expected a number ...`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ModelsError } from '@tsglove/models';
import * as train from '@tsglove/train';
import * as methods from '@tsglove/methods';

beforeAll(async () => {
  await train.initBackend('cpu');
});

const cases: Array<[string, () => unknown, RegExp]> = [
  ['constantSchedule lr', () => train.constantSchedule(-1), /^lr: expected float >= 0, got -1$/],
  ['warmupCosine baseLr', () => train.warmupCosine({ baseLr: Number.NaN, totalSteps: 10 }), /^baseLr: expected float >= 0, got NaN$/],
  [
    'warmupCosine warmupSteps',
    () => train.warmupCosine({ baseLr: 1, warmupSteps: 1.5, totalSteps: 10 }),
    /^warmupSteps: expected int >= 0, got 1\.5$/,
  ],
  ['warmupPolynomial power', () => train.warmupPolynomial({ baseLr: 1, totalSteps: 10, power: 0 }), /^power: expected float > 0, got 0$/],
  ['parametricSoftplus alpha', () => train.parametricSoftplus(tf.zeros([1]), -2), /^alpha: expected float > 0, got -2$/],
  [
    'softmaxCrossEntropy labelSmoothing',
    () => train.softmaxCrossEntropy(tf.tensor1d([0], 'int32'), tf.zeros([1, 2]), 1),
    /^labelSmoothing: expected float in \[0, 1\), got 1$/,
  ],
  [
    'selectImages limit',
    () => train.selectImages(new Uint8Array(4), new Uint8Array(1), [2, 2, 1], 2, { limit: -1 }),
    /^limit: expected float >= 0, got -1$/,
  ],
  [
    'selectImages classes',
    () => train.selectImages(new Uint8Array(4), new Uint8Array(1), [2, 2, 1], 2, { classes: [2] }),
    /^classes\[0\]: expected int in \[0, 1\], got 2$/,
  ],
  ['gaussianBlur sigma', () => methods.gaussianBlur(tf.zeros([1, 4, 4, 1]), 0), /^sigma: expected float > 0, got 0$/],
  [
    'mixedLabels shapeWeight',
    () => methods.mixedLabels(tf.tensor1d([0], 'int32'), tf.tensor1d([1], 'int32'), 2, 1.5),
    /^shapeWeight: expected float in \[0, 1\], got 1\.5$/,
  ],
  ['scaleLearningRate baseLr', () => methods.scaleLearningRate({ baseLr: -0.1, batch: 8 }), /^baseLr: expected float >= 0, got -0\.1$/],
  ['pgd epsilon', () => methods.pgd(() => tf.scalar(0), tf.zeros([1, 2, 2, 1]), { epsilon: 0 }), /^epsilon: expected float > 0, got 0$/],
  [
    'pgd stepSize',
    () => methods.pgd(() => tf.scalar(0), tf.zeros([1, 2, 2, 1]), { epsilon: 0.1, stepSize: -1 }),
    /^stepSize: expected float > 0, got -1$/,
  ],
  [
    'adversarialTrainStep cleanWeight',
    () =>
      methods.adversarialTrainStep({} as never, {} as never, tf.zeros([1, 2, 2, 1]), tf.zeros([1]), 0.1, {
        attack: { epsilon: 0.1 },
        cleanWeight: 2,
      }),
    /^cleanWeight: expected float in \[0, 1\], got 2$/,
  ],
  [
    'convNet bnMomentum',
    () => methods.convNet({ inputShape: [8, 8, 1], filters: [4], bnMomentum: 1 }),
    /^bnMomentum: expected float in \[0, 1\), got 1$/,
  ],
  [
    'sequenceTransformer landmarks',
    () => methods.sequenceTransformer({ vocab: 4, length: 8, attention: 'nystrom', landmarks: 9 }),
    /^landmarks: expected int in \[1, 8\], got 9$/,
  ],
];

describe('numeric arguments of train and methods', () => {
  for (const [name, call, message] of cases) {
    it(`${name}: a ModelsError naming the argument`, () => {
      expect(call).toThrow(ModelsError);
      expect(call).toThrow(message);
    });
  }
});
