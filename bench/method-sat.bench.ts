/**
 * SAT — smooth adversarial training (Xie et al. 2020) on Fashion-MNIST: the same ConvNet
 * ([16, 32, 32] 3×3 convs + BN, GAP, dense), PGD adversarial training with the same budget, once per
 * activation; clean and PGD-k accuracy on held-out test images.
 *
 * Budget (env): SAT_TRAIN (train images, default 2000), SAT_TEST (500), SAT_EPOCHS (2), SAT_SEEDS (1),
 * SAT_EPS (0.1), SAT_TRAIN_STEPS (PGD steps in training, 2), SAT_EVAL_STEPS (10),
 * SAT_ACTIVATIONS (relu,swish,gelu,softplus,parametricSoftplus,elu), SAT_BACKEND (wasm).
 */
import { checkActivation, type MethodActivation } from '@tsglove/methods';
import { runSat } from './methods/sat.js';
import { convNetFashionMnist, fashionMnistData, markdownTable, meanStd, methodWorkload, pct } from './methods/common.js';

export const workloads = [
  methodWorkload('SAT', {
    id: 'SAT',
    title: 'Smooth adversarial training: ReLU vs smooth activations, clean / PGD accuracy (Fashion-MNIST)',
    budget: { train: 2000, test: 500, epochs: 2, eps: 0.1, trainSteps: 2, evalSteps: 10 },
    lists: { activations: ['relu', 'swish', 'gelu', 'softplus', 'parametricSoftplus', 'elu'] },
    prepare: fashionMnistData,
    measure({ activations, seeds, epochs, eps, trainSteps, evalSteps }, { train, test }) {
      activations.forEach((a, i) => checkActivation(a, `SAT_ACTIVATIONS[${i}]`));
      return activations.map((activation) => {
        const runs = seeds.map((seed) =>
          runSat({ activation: activation as MethodActivation, train, test, epochs, epsilon: eps, trainSteps, evalSteps, seed }),
        );
        console.error(`  SAT ${activation}: ${JSON.stringify(runs)}`);
        return {
          activation,
          clean: runs.map((r) => r.clean),
          robust: runs.map((r) => r.robust),
          seconds: runs.reduce((s, r) => s + r.trainSeconds, 0),
        };
      });
    },
    report(rows, run) {
      const { eps, trainSteps, evalSteps } = run;
      const metrics: Record<string, number> = {};
      for (const r of rows) {
        metrics[`${r.activation}Clean`] = meanStd(r.clean).mean;
        metrics[`${r.activation}Pgd`] = meanStd(r.robust).mean;
      }
      const relu = rows.find((r) => r.activation === 'relu');
      const bestSmooth = Math.max(...rows.filter((r) => r.activation !== 'relu').map((r) => meanStd(r.robust).mean));
      metrics['pgdGainBestSmoothOverRelu'] = relu ? bestSmooth - meanStd(relu.robust).mean : NaN;
      const table = markdownTable(
        ['activation', 'clean acc. (%)', 'PGD acc. (%)', 'train s'],
        rows.map((r) => [r.activation, pct(r.clean), pct(r.robust), r.seconds.toFixed(0)]),
      );
      return {
        primary: 'pgdGainBestSmoothOverRelu',
        unit: 'PGD acc. (best smooth − ReLU)',
        metrics,
        markdown:
          `${convNetFashionMnist(run)} of PGD-${trainSteps} adversarial training (ε = ${eps}, step 2.5ε/${trainSteps}, ` +
          `SGD momentum 0.9, lr 0.05 warm-up + cosine, batch 64), evaluated with PGD-${evalSteps} (ε = ${eps}, random start); ` +
          `${run.seedsAndWall}.\n\n${table}\n\n` +
          `${run.fullConfiguration({ train: 60000, test: 10000, epochs: 10, seeds: 3, trainSteps: 7, evalSteps: 20 })}. ` +
          'Differences below ~2 points are within seed noise at this size.',
      };
    },
  }),
];
