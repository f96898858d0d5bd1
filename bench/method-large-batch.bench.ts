/**
 * LARGE-BATCH — EfficientNet-style large-batch training at small scale: the same ConvNet and
 * epochs on a Fashion-MNIST subset at batch 32 and at batch 512 (16×): without LR scaling, with the
 * linear scaling rule + warm-up + cosine (SGD), with LARS and LAMB, and with batch statistics over
 * 64 replica shards of 8 images (local BN vs cross-replica BN).
 *
 * Budget (env): LB_TRAIN (train images, default 4096), LB_TEST (1000), LB_EPOCHS (3), LB_SEEDS (1),
 * LB_SMALL (32), LB_LARGE (512), LB_SHARDS (64), LB_BACKEND (wasm).
 */
import { sgd, lars, warmupCosine } from '@tsglove/train';
import { lamb, scaleLearningRate } from '@tsglove/methods';
import { runLargeBatch, type LargeBatchConfig } from './methods/large-batch.js';
import { convNetFashionMnist, fashionMnistData, markdownTable, meanStd, methodWorkload, pct } from './methods/common.js';

export const workloads = [
  methodWorkload('LB', {
    id: 'LARGE-BATCH',
    title: 'Large-batch training: LR scaling + warm-up, LARS, LAMB, cross-replica BN (Fashion-MNIST)',
    budget: { train: 4096, test: 1000, epochs: 3, small: 32, large: 512, shards: 64 },
    prepare: fashionMnistData,
    measure({ small, large, shards, epochs, seeds }, { train, test }) {
      const baseLr = 0.05;
      const scaled = scaleLearningRate({ baseLr, baseBatch: small, batch: large });
      const warm = (frac: number) => (total: number) =>
        warmupCosine({ baseLr: frac, warmupSteps: Math.max(1, Math.floor(total / 5)), totalSteps: total });
      const cos = (lr: number) => (total: number) => warmupCosine({ baseLr: lr, totalSteps: total });
      const configs: LargeBatchConfig[] = [
        {
          label: `SGD, batch ${small}, lr ${baseLr} (reference)`,
          batchSize: small,
          optimizer: () => sgd({ momentum: 0.9 }),
          schedule: cos(baseLr),
        },
        {
          label: `SGD, batch ${large}, lr ${baseLr} (not scaled)`,
          batchSize: large,
          optimizer: () => sgd({ momentum: 0.9 }),
          schedule: cos(baseLr),
        },
        {
          label: `SGD, batch ${large}, linear rule lr ${scaled.toFixed(2)}, no warm-up`,
          batchSize: large,
          optimizer: () => sgd({ momentum: 0.9 }),
          schedule: cos(scaled),
        },
        {
          label: `SGD, batch ${large}, linear rule lr ${scaled.toFixed(2)} + 20% warm-up`,
          batchSize: large,
          optimizer: () => sgd({ momentum: 0.9 }),
          schedule: warm(scaled),
        },
        {
          label: `LARS (η 0.001), batch ${large}, lr ${(scaled * 10).toFixed(1)} + warm-up`,
          batchSize: large,
          optimizer: () => lars({ momentum: 0.9, eta: 0.001 }),
          schedule: warm(scaled * 10),
        },
        {
          label: `LAMB, batch ${large}, lr ${(0.002 * Math.sqrt(large / small)).toFixed(4)} (√ rule from 0.002) + warm-up`,
          batchSize: large,
          optimizer: () => lamb({ weightDecay: 0.01 }),
          schedule: warm(scaleLearningRate({ baseLr: 0.002, baseBatch: small, batch: large, rule: 'sqrt' })),
        },
        {
          label: `SGD + warm-up, batch ${large} = ${shards} replicas × ${large / shards}, local BN`,
          batchSize: large,
          optimizer: () => sgd({ momentum: 0.9 }),
          schedule: warm(scaled),
          forward: { shards, bnMode: 'local' },
        },
        {
          label: `SGD + warm-up, batch ${large} = ${shards} replicas × ${large / shards}, cross-replica BN`,
          batchSize: large,
          optimizer: () => sgd({ momentum: 0.9 }),
          schedule: warm(scaled),
          forward: { shards, bnMode: 'crossReplica' },
        },
      ];
      return runLargeBatch(configs, train, test, epochs, seeds);
    },
    report(rows, run) {
      const { train: nTrain, large, epochs } = run;
      const metrics: Record<string, number> = {};
      rows.forEach((r, i) => (metrics[`config${i}Acc`] = meanStd(r.accuracies).mean));
      const ref = meanStd(rows[0]!.accuracies).mean;
      metrics['gapLinearWarmupVsSmall'] = meanStd(rows[3]!.accuracies).mean - ref;
      const table = markdownTable(
        ['#', 'configuration', 'test acc. (%)', 'last loss', 'train s'],
        rows.map((r, i) => [String(i), r.label, pct(r.accuracies), r.finalLoss.toFixed(3), r.seconds.toFixed(0)]),
      );
      return {
        primary: 'gapLinearWarmupVsSmall',
        unit: 'acc. (batch 512 linear+warm-up − batch 32)',
        metrics,
        markdown:
          `${convNetFashionMnist(run)} per configuration (same number of images seen), ${run.seedsAndWall}. ` +
          `Batch ${large} makes only ${Math.floor(nTrain / large) * epochs} steps here, so the large-batch rows ` +
          `are far from converged — the table compares recipes at equal epochs, not final accuracy.\n\n${table}\n\n` +
          'Cross-replica BN is simulated: the shards are slices of the batch on one thread, their Σx and Σx² are all-reduced ' +
          '(`shardedBatchNorm`); the unit tests check it equals full-batch BN, so the cross-replica row computes the same ' +
          `function as row 3 up to float summation order — the gap between those two rows (${(100 * Math.abs(meanStd(rows[3]!.accuracies).mean - meanStd(rows[7]!.accuracies).mean)).toFixed(1)} points) ` +
          'is the run-to-run sensitivity of this short, high-learning-rate run and a floor for reading any other gap. ' +
          `LARS and LAMB use untuned learning rates (one setting each). ${run.fullConfiguration({ train: 60000, test: 10000, epochs: 20, seeds: 3 })}.`,
      };
    },
  }),
];
