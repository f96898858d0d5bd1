/**
 * IMITATION — deep-thin networks by layerwise imitation ("go wide, then narrow", Zhou et al. 2020)
 * vs the thin net from scratch, on Fashion-MNIST, same thin-net epochs.
 *
 * Budget (env): IMI_TRAIN (2000), IMI_TEST (1000), IMI_WIDE_EPOCHS (2), IMI_IMITATION_EPOCHS (1),
 * IMI_FINETUNE_EPOCHS (1), IMI_DEPTH (6), IMI_WIDTH (8), IMI_FACTOR (4), IMI_SEEDS (1), IMI_BACKEND (wasm).
 */
import { runImitation } from './methods/imitation.js';
import { fashionMnistData, markdownTable, meanStd, methodWorkload, pct, shortRun } from './methods/common.js';

export const workloads = [
  methodWorkload('IMI', {
    id: 'IMITATION',
    title: 'Deep-thin nets: layerwise imitation of a wide twin vs training from scratch (Fashion-MNIST)',
    budget: { train: 2000, test: 1000, wideEpochs: 2, imitationEpochs: 1, finetuneEpochs: 1, depth: 6, width: 8, factor: 4 },
    prepare: fashionMnistData,
    measure(b, { train, test }) {
      const thin = { filters: Array(b.depth).fill(b.width), strided: [1, 3] };
      const { factor, wideEpochs, imitationEpochs, finetuneEpochs } = b;
      const runs = b.seeds.map((seed) => runImitation({ thin, factor, train, test, wideEpochs, imitationEpochs, finetuneEpochs, seed }));
      console.error(`  IMITATION: ${JSON.stringify(runs)}`);
      return runs;
    },
    report(runs, run) {
      const { depth, width, factor } = run;
      const e = { wide: run.wideEpochs, imitation: run.imitationEpochs, finetune: run.finetuneEpochs };
      const col = (f: (r: (typeof runs)[number]) => number): number[] => runs.map(f);
      const gain = meanStd(col((r) => r.imitated)).mean - meanStd(col((r) => r.scratch)).mean;
      const sec = (f: (r: (typeof runs)[number]) => number): string =>
        col(f)
          .reduce((a, b) => a + b, 0)
          .toFixed(0);
      const table = markdownTable(
        ['network', 'thin-net epochs', 'test acc. (%)', 'train s'],
        [
          [
            `wide twin (${width * factor} channels × ${depth} layers)`,
            `— (${e.wide} wide)`,
            pct(col((r) => r.wide)),
            sec((r) => r.seconds.wide),
          ],
          [
            `thin (${width} × ${depth}) from scratch`,
            `${e.imitation + e.finetune}`,
            pct(col((r) => r.scratch)),
            sec((r) => r.seconds.scratch),
          ],
          ['thin after imitation only', `${e.imitation}`, pct(col((r) => r.imitatedOnly)), sec((r) => r.seconds.imitation)],
          [
            'thin after imitation + fine-tuning',
            `${e.imitation + e.finetune}`,
            pct(col((r) => r.imitated)),
            `${sec((r) => r.seconds.finetune)} (fine-tune)`,
          ],
        ],
      );
      return {
        primary: 'gainOverScratch',
        unit: 'acc. (imitated − scratch)',
        metrics: {
          gainOverScratch: gain,
          wideAcc: meanStd(col((r) => r.wide)).mean,
          scratchAcc: meanStd(col((r) => r.scratch)).mean,
          imitatedOnlyAcc: meanStd(col((r) => r.imitatedOnly)).mean,
          imitatedAcc: meanStd(col((r) => r.imitated)).mean,
        },
        markdown:
          shortRun(run.backend, `thin ConvNet ${depth} × 3×3 convs of ${width} channels + BN `) +
          `(stride 2 at layers 1 and 3), wide twin ${factor}× wider; ${run.train} train / ${run.test} test Fashion-MNIST images; Adam 3e-3, ` +
          `batch 64; ${run.seedsAndWall}. Imitation: each thin layer's output through a learned 1×1 ` +
          "projection regresses the wide layer's output (MSE), plus MSE on the logits; all layers at once. The scratch net gets as many " +
          "thin-net epochs as imitation + fine-tuning; the wide net's training is extra compute.\n\n" +
          `${table}\n\n` +
          `${run.fullConfiguration({ train: 60000, test: 10000, wideEpochs: 10, imitationEpochs: 5, finetuneEpochs: 5, depth: 12, seeds: 3 })}.`,
      };
    },
  }),
];
