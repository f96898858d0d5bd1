/**
 * Smooth adversarial training as a search choice: grid-search the activation of a small ConvNet
 * (`activation: oneOf([...])`), each child adversarially trained with PGD on a Fashion-MNIST subset
 * and rewarded with its PGD accuracy on held-out images.
 *
 *   npx tsx --conditions=source examples/method-sat-search.ts            # ~1 min per child on 2 cores
 *   SAT_TRAIN=4000 SAT_EPOCHS=3 npx tsx --conditions=source examples/method-sat-search.ts
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom, oneOf, format } from '@tsglove/symbolic';
import { sample, grid } from '@tsglove/search';
import { initBackend, loadFashionMnist, sgd, gatherBatch } from '@tsglove/train';
import { MethodConvNet, adversarialTrainStep, robustAccuracy } from '@tsglove/methods';

await initBackend('wasm');
const nTrain = Number(process.env['SAT_TRAIN'] ?? 1000);
const epochs = Number(process.env['SAT_EPOCHS'] ?? 1);
const train = loadFashionMnist({ limit: nTrain });
const test = loadFashionMnist({ split: 'test', limit: 300 });
const eps = 0.1;

const space = new MethodConvNet({ filters: [16, 32, 32], activation: oneOf(['relu', 'swish', 'gelu', 'softplus'] as const) });

for await (const [spec, feedback] of sample(space, grid(), { numExamples: 4 })) {
  const model = spec.build(0);
  const opt = sgd({ momentum: 0.9 });
  const random = seededRandom(1);
  const bs = 64;
  const start = performance.now();
  for (let e = 0; e < epochs; e++) {
    const order = Int32Array.from({ length: train.count }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let s = 0; s + bs <= train.count; s += bs) {
      const { x, y } = gatherBatch(train, order, s, bs);
      adversarialTrainStep(model, opt, x, y, 0.05, { attack: { epsilon: eps, steps: 2, seed: s } });
      tf.dispose([x, y]);
    }
  }
  const { clean, robust } = robustAccuracy(model, test, { attack: { epsilon: eps, steps: 10 } });
  console.log(
    `${format(spec, { compact: true })}: clean ${(100 * clean).toFixed(1)}%, PGD-10 ${(100 * robust).toFixed(1)}% ` +
      `(${((performance.now() - start) / 1000).toFixed(0)} s)`,
  );
  await feedback.report(robust);
  opt.dispose();
  model.dispose();
}
