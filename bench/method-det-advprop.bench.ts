/**
 * DET-ADVPROP — Det-AdvProp (Chen et al. 2021) on the generated shapes detection set: a small
 * RetinaNet-style detector pretrained on clean images, then fine-tuned plainly or with Det-AdvProp
 * (classification- and localization-loss attacks, the stronger kept per batch, auxiliary BN), from
 * the same weights; mAP@0.5 clean and under shifts.
 *
 * Budget (env): DET_TRAIN (512), DET_TEST (200), DET_PRETRAIN_EPOCHS (4), DET_FINETUNE_EPOCHS (2),
 * DET_EPS (0.03), DET_SEEDS (1), DET_BACKEND (wasm).
 */
import { runDetAdvProp, DETECTION_SHIFTS } from './methods/det-advprop.js';
import { markdownTable, meanStd, methodWorkload, pct, shortRun } from './methods/common.js';

export const workloads = [
  methodWorkload('DET', {
    id: 'DET-ADVPROP',
    title: 'Det-AdvProp vs plain fine-tuning of a small detector: mAP clean and under shift (generated shapes)',
    budget: { train: 512, test: 200, pretrainEpochs: 4, finetuneEpochs: 2, eps: 0.03 },
    measure({ seeds, train, test, pretrainEpochs, finetuneEpochs, eps }) {
      const a = { trainCount: train, testCount: test, pretrainEpochs, finetuneEpochs };
      const runs = seeds.map((seed) =>
        runDetAdvProp({ ...a, attack: { epsilon: eps, steps: 1, stepSize: eps, randomStart: false }, seed }),
      );
      console.error(`  DET-ADVPROP: ${JSON.stringify(runs)}`);
      return runs;
    },
    report(runs, run) {
      const shifts = Object.keys(DETECTION_SHIFTS);
      const col = (mode: string, f: (r: ReturnType<typeof runDetAdvProp>[number]) => number): number[] =>
        runs.map((rs) => f(rs.find((r) => r.mode === mode)!));
      const metrics: Record<string, number> = {};
      for (const mode of ['plain', 'advprop']) {
        metrics[`${mode}Map`] = meanStd(col(mode, (r) => r.clean)).mean;
        for (const s of shifts) metrics[`${mode}Map_${s}`] = meanStd(col(mode, (r) => r.shifted[s]!)).mean;
      }
      const avgShift = (mode: string): number => shifts.reduce((s, n) => s + metrics[`${mode}Map_${n}`]!, 0) / shifts.length;
      metrics['shiftedMapGain'] = avgShift('advprop') - avgShift('plain');
      const table = markdownTable(
        ['fine-tuning', 'mAP@0.5 clean (%)', ...shifts.map((s) => `mAP ${s} (%)`), 'fine-tune s'],
        (['plain', 'advprop'] as const).map((mode) => [
          mode === 'plain' ? 'plain' : 'Det-AdvProp',
          pct(col(mode, (r) => r.clean)),
          ...shifts.map((s) => pct(col(mode, (r) => r.shifted[s]!))),
          col(mode, (r) => r.seconds)
            .reduce((x, y) => x + y, 0)
            .toFixed(0),
        ]),
      );
      const clsShare = meanStd(col('advprop', (r) => r.chosenClsFraction)).mean;
      return {
        primary: 'shiftedMapGain',
        unit: 'mean shifted mAP (Det-AdvProp − plain)',
        metrics: { ...metrics, advpropClsAttackShare: clsShare },
        markdown:
          shortRun(run.backend, 'detector = ConvNet backbone [16, 32, 32] (stride 4) + ') +
          'RetinaNet-style head (3 anchors per cell of an 8×8 grid, focal + smooth-L1 losses) on 32×32 RGB images of 1–3 squares, circles ' +
          `and triangles (${run.train} train / ${run.test} test, generated); Adam 2e-3, batch 32, ${run.pretrainEpochs} clean pretraining epochs, ` +
          `then ${run.finetuneEpochs} fine-tuning epochs at 1e-3 from the same weights; attacks: one signed-gradient step, ε = ${run.eps}, ` +
          `on the classification loss and on the box loss, the larger total loss kept (the classification attack was kept in ` +
          `${(100 * clsShare).toFixed(0)}% of batches); ${run.seedsAndWall}. Shifts: Gaussian noise σ 0.12; ` +
          `low contrast 0.35·x + 0.3.\n\n${table}\n\n` +
          `${run.fullConfiguration({ train: 5000, test: 1000, pretrainEpochs: 20, finetuneEpochs: 10, seeds: 3 })}.`,
      };
    },
  }),
];
