/**
 * NYSTROM — Nyströmformer (Xiong et al. 2021): forward time and working memory of softmax vs
 * Nyström self-attention as the sequence grows (one head, d = 32, m = 32 landmarks), and accuracy of
 * both in the same small transformer on the generated "does the first token recur?" task.
 *
 * Budget (env): NYS_LENGTHS (256,512,1024,2048,4096), NYS_LANDMARKS (32), NYS_TASK_LENGTH (16),
 * NYS_TASK_LANDMARKS (4,8), NYS_TRAIN (4096), NYS_TEST (1000), NYS_STEPS (400), NYS_SEEDS (1),
 * NYS_BACKEND (wasm).
 */
import { attentionCost, recurrenceSplits, trainSequenceModel } from './methods/nystrom.js';
import { markdownTable, meanStd, methodWorkload, pct } from './methods/common.js';

/** Least-squares slope of log(y) on log(x): the empirical growth exponent. */
function logSlope(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  lx.forEach((x, i) => {
    num += (x - mx) * (ly[i]! - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

export const workloads = [
  methodWorkload('NYS', {
    id: 'NYSTROM',
    title: 'Nyström vs softmax attention: time and memory vs length, accuracy parity',
    budget: { train: 4096, test: 1000, landmarks: 32, taskLength: 16, steps: 400 },
    lists: { lengths: ['256', '512', '1024', '2048', '4096'], taskLandmarks: ['4', '8'] },
    measure({ seeds, train: nTrain, test: nTest, landmarks: m, taskLength, steps, ...run }) {
      const lengths = run.lengths.map(Number);
      const costs = lengths.map((n) => ({ n, soft: attentionCost('softmax', n, 32, m), nys: attentionCost('nystrom', n, 32, m) }));
      const variants = [
        { label: 'softmax', attention: 'softmax' as const, landmarks: 1 },
        ...run.taskLandmarks.map(Number).map((l) => ({ label: `Nyström, m = ${l}`, attention: 'nystrom' as const, landmarks: l })),
      ];
      const acc = variants.map((v) => {
        const runs = seeds.map((seed) => {
          const { train, test } = recurrenceSplits(nTrain, nTest, taskLength, 16, 1 + seed);
          const r = trainSequenceModel({ attention: v.attention, landmarks: v.landmarks, train, test, steps, seed });
          console.error(`  NYSTROM ${v.label} seed ${seed}: ${JSON.stringify(r)}`);
          return r;
        });
        return { ...v, accuracies: runs.map((r) => r.accuracy), seconds: runs.reduce((s, r) => s + r.seconds, 0) };
      });
      return { lengths, costs, acc };
    },
    report({ lengths, costs, acc }, run) {
      const slope = (f: (c: (typeof costs)[number]) => number): number => logSlope(lengths, costs.map(f));
      const timeExp = { soft: slope((c) => c.soft.seconds), nys: slope((c) => c.nys.seconds) };
      const memExp = { soft: slope((c) => c.soft.bytes), nys: slope((c) => c.nys.bytes) };
      const last = costs[costs.length - 1]!;
      const metrics: Record<string, number> = {
        timeExponentSoftmax: timeExp.soft,
        timeExponentNystrom: timeExp.nys,
        memExponentSoftmax: memExp.soft,
        memExponentNystrom: memExp.nys,
        speedupAtLongest: last.soft.seconds / last.nys.seconds,
        memoryRatioAtLongest: last.soft.bytes / last.nys.bytes,
      };
      acc.forEach((a) => (metrics[`acc_${a.attention}${a.attention === 'nystrom' ? a.landmarks : ''}`] = meanStd(a.accuracies).mean));
      const mb = (b: number): string => (b / 2 ** 20).toFixed(2);
      const ms = (s: number): string => (s * 1000).toFixed(1);
      const costTable = markdownTable(
        ['n', 'softmax ms', 'Nyström ms', 'softmax MiB', 'Nyström MiB'],
        [
          ...costs.map((c) => [String(c.n), ms(c.soft.seconds), ms(c.nys.seconds), mb(c.soft.bytes), mb(c.nys.bytes)]),
          ['growth exponent (log-log slope)', ...[timeExp.soft, timeExp.nys, memExp.soft, memExp.nys].map((x) => x.toFixed(2))],
        ],
      );
      const accTable = markdownTable(
        ['attention', 'test acc. (%)', 'train s'],
        acc.map((a) => [a.label, pct(a.accuracies), a.seconds.toFixed(0)]),
      );
      return {
        primary: 'speedupAtLongest',
        unit: `× faster than softmax at n = ${last.n}`,
        metrics,
        markdown:
          `${run.backend} backend, shared 2-core machine; wall ${run.wall.toFixed(0)} s.\n\n` +
          `**Cost vs length** — one head, batch 1, d = 32, m = ${run.landmarks} landmarks, 6 pseudo-inverse iterations; median of 3 forward passes; ` +
          'memory = bytes of all tensors alive at the end of the pass inside one `tf.tidy` scope (the working set, inputs excluded). ' +
          "An exponent near 2 is O(n²), near 1 is O(n) (at short lengths Nyström's fixed cost — the m×m pseudo-inverse — dominates its time).\n\n" +
          `${costTable}\n\n**Accuracy** — **short run**: 1-block transformer (d = 32, 2 heads, CLS-style readout of position 0), ` +
          `Adam 3e-3, batch 32, ${run.steps} steps on ${run.train} generated sequences of length ${run.taskLength} (vocab 16; label: does the first ` +
          `token occur again?), ${run.test} test sequences; seeds ${run.seeds.join(', ')}.\n\n${accTable}\n\n` +
          'The task needs an exact match between position 0 and one other position; segment-mean landmarks blur single tokens, ' +
          `so fewer landmarks cost accuracy here. ${run.fullConfiguration({ steps: 3000, seeds: 3, taskLength: 64, taskLandmarks: '8,16,32' })}.`,
      };
    },
  }),
];
