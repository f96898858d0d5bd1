/**
 * `TUNAS-EDGE`: hardware-aware NAS on real Fashion-MNIST (bench/README.md, "Hardware-aware NAS"):
 * for three latency targets on the simulated Edge TPU, the one-shot TuNAS search, regularized
 * evolution with proxy training and random search under evolution's wall clock, over one symbolic
 * MBConv space; found children and a scaled MobileNetV2-style baseline retrained with 3 seeds.
 * Writes bench/tunas-edge.svg (accuracy vs simulated latency) and a table in RESULTS.md.
 *
 * `NAHAS-EDGE`: the same with the accelerator's fields (`edgeAcceleratorSpace()`) searched too,
 * jointly and nested, under an area budget, against a fixed design.
 *
 * Scale knobs (environment): TUNAS_TRAIN (10000 images), TUNAS_ONESHOT_STEPS (300),
 * TUNAS_EVOLUTION_TRIALS (16), TUNAS_PROXY_STEPS (40), TUNAS_RETRAIN_STEPS (150), TUNAS_SEEDS (3);
 * NAHAS_STEPS (300), NAHAS_DESIGNS (3), NAHAS_RETRAIN_STEPS (150), NAHAS_SEEDS (2).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { initBackend, loadFashionMnist, hasFashionMnist } from '@tsglove/train';
import { hwLabel, runHardwareAwareSearch, runNahasExperiment, type MethodResult } from '@tsglove/nas';
import type { Workload } from './harness.js';
import { paretoSvg } from './pareto-svg.js';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** The Markdown table of an experiment's results. */
export function resultsTable(results: readonly MethodResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.target.toFixed(4)} | ${r.method} | ${(r.meanAccuracy * 100).toFixed(1)} ± ${(r.stdAccuracy * 100).toFixed(1)} | ` +
      `${r.cost.latencyMs.toFixed(4)} | ${r.cost.energyUJ.toFixed(1)} | ${r.cost.params.toLocaleString('en-US')} | ` +
      `${r.searchSeconds.toFixed(0)} | ${r.searchedChildren} | \`${r.label}\` |`,
  );
  return [
    '| target ms | method | test accuracy % (mean ± sd, seeds) | latency ms | energy µJ | params | search s | children | child (stage filters: blocks) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The Pareto plot of an experiment's results. */
export function resultsSvg(results: readonly MethodResult[], title: string): string {
  const methods = ['one-shot', 'evolution', 'random', 'baseline'] as const;
  return paretoSvg({
    title,
    xLabel: 'simulated Edge TPU latency (ms, batch 1)',
    yLabel: 'test accuracy (%)',
    xLines: [...new Set(results.map((r) => r.target))],
    series: methods.map((m) => ({
      name: m,
      points: results
        .filter((r) => r.method === m)
        .map((r) => ({ x: r.cost.latencyMs, y: r.meanAccuracy * 100, yErr: r.stdAccuracy * 100 })),
    })),
  });
}

/** Fashion-MNIST splits of the bench: training images, 1,000 held-out training images, 2,000 test images. */
function splits(trainCount: number): {
  train: ReturnType<typeof loadFashionMnist>;
  valid: ReturnType<typeof loadFashionMnist>;
  test: ReturnType<typeof loadFashionMnist>;
} {
  if (!hasFashionMnist()) throw new Error("the TuNAS benches need Debian's Fashion-MNIST in /usr/share/datasets/fashion-mnist");
  return {
    train: loadFashionMnist({ split: 'train', limit: trainCount }),
    valid: loadFashionMnist({ split: 'train', offset: 50000, limit: 1000 }),
    test: loadFashionMnist({ split: 'test', limit: 2000 }),
  };
}

export const workloads: Workload[] = [
  {
    id: 'NAHAS-EDGE',
    title: 'NAHAS on Fashion-MNIST: accelerator fields searched with the MBConv child (joint, nested) vs a fixed design',
    async run() {
      await initBackend('wasm');
      const trainCount = env('TUNAS_TRAIN', 10000);
      const steps = env('NAHAS_STEPS', 300);
      const designs = env('NAHAS_DESIGNS', 3);
      const start = performance.now();
      const { target, areaBudget, results } = await runNahasExperiment({
        ...splits(trainCount),
        steps,
        designs,
        retrainSteps: env('NAHAS_RETRAIN_STEPS', 150),
        seeds: env('NAHAS_SEEDS', 2),
        onProgress: (m) => console.error(`[${((performance.now() - start) / 1000).toFixed(0)} s] ${m}`),
      });
      const minutes = (performance.now() - start) / 60000;
      const metrics: Record<string, number> = { minutes, target, areaBudget, loadAverage1m: loadavg()[0]! };
      for (const r of results) {
        metrics[`${r.mode}.accuracy`] = r.meanAccuracy;
        metrics[`${r.mode}.latencyMs`] = r.cost.latencyMs;
        metrics[`${r.mode}.areaMM2`] = r.cost.areaMM2;
      }
      const rows = results.map(
        (r) =>
          `| ${r.mode} | ${hwLabel(r.hw)} | ${r.cost.areaMM2.toFixed(2)} | ${r.cost.latencyMs.toFixed(4)} | ${r.cost.energyUJ.toFixed(1)} | ` +
          `${(r.sharedAccuracy * 100).toFixed(1)} | ${(r.meanAccuracy * 100).toFixed(1)} ± ${(r.stdAccuracy * 100).toFixed(1)} | ${r.reward.toFixed(3)} | ${r.searchSeconds.toFixed(0)} | \`${r.label}\` |`,
      );
      return {
        primary: 'minutes',
        unit: 'min',
        metrics,
        markdown: [
          `Latency target ${target.toFixed(4)} ms (median random child on the fixed design), area budget ${areaBudget.toFixed(2)} mm² (1.5× the fixed design).`,
          `Fixed and joint: ${steps} one-shot steps; nested: ${designs} random feasible designs × ${Math.round(steps / designs)} steps; `,
          `retrained ${env('NAHAS_RETRAIN_STEPS', 150)} steps × ${env('NAHAS_SEEDS', 2)} seeds; ${trainCount.toLocaleString('en-US')} training images.`,
          `Total ${minutes.toFixed(1)} min; 1-minute load average ${loadavg()[0]!.toFixed(1)} on 2 cores.`,
          '',
          '| mode | accelerator | area mm² | latency ms | energy µJ | shared-weight acc % | retrained test acc % | reward | search s | child |',
          '|---|---|---|---|---|---|---|---|---|---|',
          ...rows,
        ].join('\n'),
      };
    },
  },
  {
    id: 'TUNAS-EDGE',
    title: 'Hardware-aware NAS on Fashion-MNIST: one-shot vs evolution vs random (simulated Edge TPU)',
    async run() {
      await initBackend('wasm');
      const trainCount = env('TUNAS_TRAIN', 10000);
      const { train, valid, test } = splits(trainCount);
      const start = performance.now();
      const results = await runHardwareAwareSearch({
        train,
        valid,
        test,
        oneShotSteps: env('TUNAS_ONESHOT_STEPS', 300),
        evolutionTrials: env('TUNAS_EVOLUTION_TRIALS', 16),
        proxySteps: env('TUNAS_PROXY_STEPS', 40),
        retrainSteps: env('TUNAS_RETRAIN_STEPS', 150),
        seeds: env('TUNAS_SEEDS', 3),
        onProgress: (m) => console.error(`[${((performance.now() - start) / 1000).toFixed(0)} s] ${m}`),
      });
      const minutes = (performance.now() - start) / 60000;
      writeFileSync(
        fileURLToPath(new URL('./tunas-edge.svg', import.meta.url)),
        resultsSvg(results, 'Fashion-MNIST: accuracy vs simulated Edge TPU latency'),
      );
      writeFileSync(
        fileURLToPath(new URL('./tunas-edge-results.json', import.meta.url)),
        JSON.stringify(
          results.map((r) => ({ ...r, child: undefined })),
          null,
          2,
        ) + '\n',
      );
      const metrics: Record<string, number> = { minutes, loadAverage1m: loadavg()[0]! };
      for (const r of results) {
        const k = `${r.method}@${r.target.toFixed(4)}`;
        metrics[`${k}.accuracy`] = r.meanAccuracy;
        metrics[`${k}.latencyMs`] = r.cost.latencyMs;
        metrics[`${k}.searchSeconds`] = r.searchSeconds;
      }
      const oneShot = results.filter((r) => r.method === 'one-shot');
      metrics['oneShotMeanAccuracy'] = oneShot.reduce((a, r) => a + r.meanAccuracy, 0) / oneShot.length;
      return {
        primary: 'minutes',
        unit: 'min',
        metrics,
        markdown: [
          `Fashion-MNIST at its native 28×28×1 (no padding), ${trainCount.toLocaleString('en-US')} training images, rewards on 1,000 held-out training images,`,
          'accuracy on the first 2,000 test images; latency and energy from `estimate(edgeTpu(), ops(child))` at batch 1.',
          `One-shot ${env('TUNAS_ONESHOT_STEPS', 300)} steps; evolution ${env('TUNAS_EVOLUTION_TRIALS', 16)} children × ${env('TUNAS_PROXY_STEPS', 40)} proxy steps;`,
          `random for evolution's wall clock; retraining ${env('TUNAS_RETRAIN_STEPS', 150)} steps × ${env('TUNAS_SEEDS', 3)} seeds (batch 32).`,
          `Total ${minutes.toFixed(1)} min; 1-minute load average ${loadavg()[0]!.toFixed(1)} on 2 cores. Plot: bench/tunas-edge.svg.`,
          '',
          resultsTable(results),
        ].join('\n'),
      };
    },
  },
];
