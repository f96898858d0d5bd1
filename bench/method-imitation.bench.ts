/**
 * IMITATION — deep-thin networks by layerwise imitation ("go wide, then narrow", Zhou et al. 2020)
 * vs the thin net from scratch, on Fashion-MNIST, same thin-net epochs.
 *
 * Budget (env): IMI_TRAIN (2000), IMI_TEST (1000), IMI_WIDE_EPOCHS (2), IMI_IMITATION_EPOCHS (1),
 * IMI_FINETUNE_EPOCHS (1), IMI_DEPTH (6), IMI_WIDTH (8), IMI_FACTOR (4), IMI_SEEDS (1), IMI_BACKEND (wasm).
 */
import { runImitation } from './methods/imitation.js';
import { fashionMnistSplits, meanStd, methodBench, pct, shortRun, since } from './methods/common.js';
import type { Workload } from './harness.js';

export const workloads: Workload[] = [
  {
    id: 'IMITATION',
    title: 'Deep-thin nets: layerwise imitation of a wide twin vs training from scratch (Fashion-MNIST)',
    async run() {
      const b = await methodBench('IMI', {
        train: 2000,
        test: 1000,
        wideEpochs: 2,
        imitationEpochs: 1,
        finetuneEpochs: 1,
        depth: 6,
        width: 8,
        factor: 4,
      });
      const { backend, seeds, train: nTrain, test: nTest, depth, width, factor } = b;
      const e = { wide: b.wideEpochs, imitation: b.imitationEpochs, finetune: b.finetuneEpochs };
      const { train, test } = fashionMnistSplits(nTrain, nTest);
      const thin = { filters: Array(depth).fill(width), strided: [1, 3] };
      const start = performance.now();
      const runs = seeds.map((seed) =>
        runImitation({ thin, factor, train, test, wideEpochs: e.wide, imitationEpochs: e.imitation, finetuneEpochs: e.finetune, seed }),
      );
      console.error(`  IMITATION: ${JSON.stringify(runs)}`);
      const wall = since(start);
      const col = (f: (r: (typeof runs)[number]) => number): number[] => runs.map(f);
      const gain = meanStd(col((r) => r.imitated)).mean - meanStd(col((r) => r.scratch)).mean;
      const sec = (f: (r: (typeof runs)[number]) => number): string =>
        col(f)
          .reduce((a, b) => a + b, 0)
          .toFixed(0);
      const table = [
        '| network | thin-net epochs | test acc. (%) | train s |',
        '|---|---|---|---|',
        `| wide twin (${width * factor} channels × ${depth} layers) | — (${e.wide} wide) | ${pct(col((r) => r.wide))} | ${sec((r) => r.seconds.wide)} |`,
        `| thin (${width} × ${depth}) from scratch | ${e.imitation + e.finetune} | ${pct(col((r) => r.scratch))} | ${sec((r) => r.seconds.scratch)} |`,
        `| thin after imitation only | ${e.imitation} | ${pct(col((r) => r.imitatedOnly))} | ${sec((r) => r.seconds.imitation)} |`,
        `| thin after imitation + fine-tuning | ${e.imitation + e.finetune} | ${pct(col((r) => r.imitated))} | ${sec((r) => r.seconds.finetune)} (fine-tune) |`,
      ].join('\n');
      return {
        primary: 'gainOverScratch',
        unit: 'acc. (imitated − scratch)',
        metrics: {
          gainOverScratch: gain,
          wideAcc: meanStd(col((r) => r.wide)).mean,
          scratchAcc: meanStd(col((r) => r.scratch)).mean,
          imitatedOnlyAcc: meanStd(col((r) => r.imitatedOnly)).mean,
          imitatedAcc: meanStd(col((r) => r.imitated)).mean,
          wallSeconds: wall,
        },
        markdown:
          shortRun(backend, `thin ConvNet ${depth} × 3×3 convs of ${width} channels + BN `) +
          `(stride 2 at layers 1 and 3), wide twin ${factor}× wider; ${nTrain} train / ${nTest} test Fashion-MNIST images; Adam 3e-3, ` +
          `batch 64; seeds ${seeds.join(', ')}; wall ${wall.toFixed(0)} s. Imitation: each thin layer's output through a learned 1×1 ` +
          "projection regresses the wide layer's output (MSE), plus MSE on the logits; all layers at once. The scratch net gets as many " +
          "thin-net epochs as imitation + fine-tuning; the wide net's training is extra compute.\n\n" +
          `${table}\n\nFull configuration: \`IMI_TRAIN=60000 IMI_TEST=10000 IMI_WIDE_EPOCHS=10 IMI_IMITATION_EPOCHS=5 IMI_FINETUNE_EPOCHS=5 ` +
          'IMI_DEPTH=12 IMI_SEEDS=3 npx tsx --conditions=source bench/run.ts IMITATION`.',
      };
    },
  },
];
