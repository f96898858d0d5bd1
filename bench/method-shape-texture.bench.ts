/**
 * SHAPE-TEXTURE — shape–texture debiased training (Li et al. 2021) with AdaIN band-statistics
 * cue-conflict images, vs plain training, on Fashion-MNIST: clean accuracy, accuracy under
 * synthetic corruptions (Gaussian noise σ 0.2, blur σ 1.2, contrast × 0.3) and shape bias on
 * cue-conflict test images.
 *
 * Budget (env): ST_TRAIN (2000), ST_TEST (1000), ST_EPOCHS (3), ST_GAMMA (0.5), ST_SEEDS (1), ST_BACKEND (wasm).
 */
import { runShapeTexture, CORRUPTIONS } from './methods/shape-texture.js';
import { convNetFashionMnist, fashionMnistData, markdownTable, meanStd, methodWorkload, pct } from './methods/common.js';

export const workloads = [
  methodWorkload('ST', {
    id: 'SHAPE-TEXTURE',
    title: 'Shape-texture debiased training (AdaIN cue conflict) vs plain (Fashion-MNIST)',
    budget: { train: 2000, test: 1000, epochs: 3, gamma: 0.5 },
    prepare: fashionMnistData,
    measure({ seeds, epochs, gamma }, { train, test }) {
      return (
        [
          ['plain', false],
          ['debiased (cue conflict)', true],
        ] as const
      ).map(([label, debiased]) => ({
        label,
        runs: seeds.map((seed) => {
          const r = runShapeTexture({ train, test, epochs, debiased, shapeWeight: gamma, seed });
          console.error(`  SHAPE-TEXTURE ${label} seed ${seed}: ${JSON.stringify(r)}`);
          return r;
        }),
      }));
    },
    report(rows, run) {
      const names = Object.keys(CORRUPTIONS);
      const metrics: Record<string, number> = {};
      for (const r of rows) {
        const key = r.label.startsWith('plain') ? 'plain' : 'debiased';
        metrics[`${key}Clean`] = meanStd(r.runs.map((x) => x.clean)).mean;
        metrics[`${key}CorruptedMean`] = meanStd(r.runs.map((x) => names.reduce((s, n) => s + x.corrupted[n]!, 0) / names.length)).mean;
        metrics[`${key}ShapeMatch`] = meanStd(r.runs.map((x) => x.shapeMatch)).mean;
      }
      metrics['corruptedGain'] = metrics['debiasedCorruptedMean']! - metrics['plainCorruptedMean']!;
      const table = markdownTable(
        ['training', 'clean (%)', ...names.map((n) => `${n} (%)`), 'cue conflict: shape class (%)', 'texture class (%)'],
        rows.map((r) => [
          r.label,
          pct(r.runs.map((x) => x.clean)),
          ...names.map((n) => pct(r.runs.map((x) => x.corrupted[n]!))),
          pct(r.runs.map((x) => x.shapeMatch)),
          pct(r.runs.map((x) => x.textureMatch)),
        ]),
      );
      return {
        primary: 'corruptedGain',
        unit: 'mean corrupted acc. (debiased − plain)',
        metrics,
        markdown:
          `${convNetFashionMnist(run)}, SGD momentum 0.9, lr 0.05 warm-up + cosine, batch 64 (the debiased run adds one ` +
          `cue-conflict image per image, shape weight γ = ${run.gamma}); ${run.seedsAndWall}. ` +
          "Cue-conflict images keep one image's low band (silhouette) and AdaIN its mid/high bands to another image's statistics; " +
          'on test images the texture source is the image half a test set away (same class ≈ 10% of the time, so both columns can count one prediction).\n\n' +
          `${table}\n\n${run.fullConfiguration({ train: 60000, test: 10000, epochs: 15, seeds: 3 })}.`,
      };
    },
  }),
];
