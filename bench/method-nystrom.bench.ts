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
import { envList, meanStd, methodBench, pct, since } from './methods/common.js';
import type { Workload } from './harness.js';

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

export const workloads: Workload[] = [
  {
    id: 'NYSTROM',
    title: 'Nyström vs softmax attention: time and memory vs length, accuracy parity',
    async run() {
      const budget = { train: 4096, test: 1000, landmarks: 32, taskLength: 16, steps: 400 };
      const { backend, seeds, train: nTrain, test: nTest, landmarks: m, taskLength, steps } = await methodBench('NYS', budget);
      const lengths = envList('NYS_LENGTHS', ['256', '512', '1024', '2048', '4096']).map(Number);
      const start = performance.now();
      const costs = lengths.map((n) => ({ n, soft: attentionCost('softmax', n, 32, m), nys: attentionCost('nystrom', n, 32, m) }));
      const slope = (f: (c: (typeof costs)[number]) => number): number => logSlope(lengths, costs.map(f));
      const timeExp = { soft: slope((c) => c.soft.seconds), nys: slope((c) => c.nys.seconds) };
      const memExp = { soft: slope((c) => c.soft.bytes), nys: slope((c) => c.nys.bytes) };
      const taskLandmarks = envList('NYS_TASK_LANDMARKS', ['4', '8']).map(Number);
      const variants = [
        { label: 'softmax', attention: 'softmax' as const, landmarks: 1 },
        ...taskLandmarks.map((l) => ({ label: `Nyström, m = ${l}`, attention: 'nystrom' as const, landmarks: l })),
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
      const wall = since(start);
      const last = costs[costs.length - 1]!;
      const metrics: Record<string, number> = {
        timeExponentSoftmax: timeExp.soft,
        timeExponentNystrom: timeExp.nys,
        memExponentSoftmax: memExp.soft,
        memExponentNystrom: memExp.nys,
        speedupAtLongest: last.soft.seconds / last.nys.seconds,
        memoryRatioAtLongest: last.soft.bytes / last.nys.bytes,
        wallSeconds: wall,
      };
      acc.forEach((a) => (metrics[`acc_${a.attention}${a.attention === 'nystrom' ? a.landmarks : ''}`] = meanStd(a.accuracies).mean));
      const mb = (b: number): string => (b / 2 ** 20).toFixed(2);
      const costTable = [
        '| n | softmax ms | Nyström ms | softmax MiB | Nyström MiB |',
        '|---|---|---|---|---|',
        ...costs.map(
          (c) =>
            `| ${c.n} | ${(c.soft.seconds * 1000).toFixed(1)} | ${(c.nys.seconds * 1000).toFixed(1)} | ${mb(c.soft.bytes)} | ${mb(c.nys.bytes)} |`,
        ),
        `| growth exponent (log-log slope) | ${timeExp.soft.toFixed(2)} | ${timeExp.nys.toFixed(2)} | ${memExp.soft.toFixed(2)} | ${memExp.nys.toFixed(2)} |`,
      ].join('\n');
      const accTable = [
        '| attention | test acc. (%) | train s |',
        '|---|---|---|',
        ...acc.map((a) => `| ${a.label} | ${pct(a.accuracies)} | ${a.seconds.toFixed(0)} |`),
      ].join('\n');
      return {
        primary: 'speedupAtLongest',
        unit: `× faster than softmax at n = ${last.n}`,
        metrics,
        markdown:
          `${backend} backend, shared 2-core machine; wall ${wall.toFixed(0)} s.\n\n` +
          `**Cost vs length** — one head, batch 1, d = 32, m = ${m} landmarks, 6 pseudo-inverse iterations; median of 3 forward passes; ` +
          'memory = bytes of all tensors alive at the end of the pass inside one `tf.tidy` scope (the working set, inputs excluded). ' +
          "An exponent near 2 is O(n²), near 1 is O(n) (at short lengths Nyström's fixed cost — the m×m pseudo-inverse — dominates its time).\n\n" +
          `${costTable}\n\n**Accuracy** — **short run**: 1-block transformer (d = 32, 2 heads, CLS-style readout of position 0), ` +
          `Adam 3e-3, batch 32, ${steps} steps on ${nTrain} generated sequences of length ${taskLength} (vocab 16; label: does the first ` +
          `token occur again?), ${nTest} test sequences; seeds ${seeds.join(', ')}.\n\n${accTable}\n\n` +
          'The task needs an exact match between position 0 and one other position; segment-mean landmarks blur single tokens, ' +
          'so fewer landmarks cost accuracy here. Full configuration: `NYS_STEPS=3000 NYS_SEEDS=3 NYS_TASK_LENGTH=64 ' +
          'NYS_TASK_LANDMARKS=8,16,32 npx tsx --conditions=source bench/run.ts NYSTROM`.',
      };
    },
  },
];
