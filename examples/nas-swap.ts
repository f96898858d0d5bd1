/**
 * One search space, three ways to search it — change one argument.
 *
 * The space is an ordinary model-building function that calls `oneOf` (via `opChoice`) over
 * candidate ops while it builds a small CNN for Fashion-MNIST. The same function runs
 * - under regularized evolution, each child trained stand-alone (`evolution(...)`),
 * - as an ENAS supernet, shared weights trained on REINFORCE-sampled paths (`enas(...)`),
 * - as a DARTS supernet, every choice a softmax mixture of its ops (`darts(...)`).
 * Each chosen child is then retrained stand-alone and measured on held-out test images.
 * Budgets are tiny so the whole example finishes in a minute or two.
 *
 * `npx tsx --conditions=source examples/nas-swap.ts [evolution|enas|darts ...]` (default: all three).
 */
import * as tf from '@tensorflow/tfjs';
import { adam, initBackend, loadFashionMnist } from '@tsglove/train';
import {
  darts,
  enas,
  nasEvolution,
  fromImageDataset,
  nasSpace,
  opChoice,
  searchArchitecture,
  trainChild,
  type NasMethod,
  type NasSpace,
} from '@tsglove/nas';

/** The space: stem → two searchable cells → max-pool → dense classifier, on 28×28×1 images. */
function cellNet(): NasSpace {
  return nasSpace(
    (x, nn) => {
      let h = nn.conv2d(x, 6, { kernelSize: 3, strides: 2, activation: 'relu' });
      for (const name of ['cell0', 'cell1']) {
        const input = h;
        h = opChoice(name, {
          conv3x3: () => nn.conv2d(input, 6, { kernelSize: 3, activation: 'relu' }),
          sepconv3x3: () => nn.sepConv2d(input, 6, { kernelSize: 3, activation: 'relu' }),
          maxpool3x3: () => tf.maxPool(input as tf.Tensor4D, 3, 1, 'same'),
          identity: () => input,
        });
      }
      h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
      return nn.dense(tf.reshape(h, [h.shape[0]!, -1]), 10);
    },
    { inputShape: [28, 28, 1] },
  );
}

await initBackend('wasm');
const space = cellNet();
const all = fromImageDataset(loadFashionMnist({ limit: 1200 }));
const data = { train: { x: all.x.slice(0, 1000), y: all.y.slice(0, 1000) }, valid: { x: all.x.slice(1000), y: all.y.slice(1000) } };
const test = fromImageDataset(loadFashionMnist({ split: 'test', limit: 500 }));

// Weights train with Adam in the supernets and in every stand-alone child.
const training = { batchSize: 32, lr: 3e-3, optimizer: () => adam() };
const methods: Record<string, NasMethod> = {
  evolution: nasEvolution({ trials: 6, steps: 40, ...training }),
  enas: enas({ epochs: 3, weightSteps: 20, controllerSteps: 10, ...training }),
  darts: darts({ steps: 40, archLr: 0.01, ...training }),
};
const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(methods)) {
  const method = methods[name];
  if (!method) {
    console.error(`unknown method ${JSON.stringify(name)}; expected ${Object.keys(methods).join(', ')}`);
    process.exit(2);
  }
  // The one argument that changes:
  const result = await searchArchitecture(space, data, method);
  const child = trainChild(space, result.dna, { train: all, valid: test }, { steps: 80, ...training, seed: 1 });
  console.log(
    `${name.padEnd(9)} chose ${result.label.padEnd(40)} search ${(result.ms / 1000).toFixed(1)} s, ` +
      `retrained: ${(100 * child.metric).toFixed(1)}% test accuracy (${child.params} params)`,
  );
}
console.log(`space: ${space.size} architectures; decisions ${space.dnaSpec.decisionPoints.map((p) => p.name).join(', ')}`);
