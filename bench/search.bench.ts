/**
 * Search benches.
 * - W7: a full 2,000-trial regularized evolution (population 50, tournament 10, uniform mutator,
 *   seed 1) through `sample()`; each trial materializes the W5 Net space and reports the W7 reward.
 *   No warm-up, one whole search per repeat, 5 repeats; trials/s = 2000 / median seconds.
 * - SQ: search quality on NAS-Bench-Macro (8 × oneOf([0,1,2]), reward = mean_acc, CIFAR-10 test
 *   accuracy in %): mean regret (best accuracy in the table − best found, in accuracy points) over
 *   20 seeds (0..19) after 50/100/200/300/500 trials, against PyGlove 0.5's figures.
 */
import { nasBenchMacroTable } from '@tsglove/models';
import { oneOf } from '@tsglove/symbolic';
import { ppo, random, regularizedEvolution, reinforce, sample, tpe, cmaES, uniformMutator, type DNAGenerator } from '@tsglove/search';
import { medianSeconds, type Workload, type WorkloadResult } from './harness.js';
import { buildSpace, type Net } from './workload-net.js';

const TRIALS = 2000;

function w7Reward(net: Net): number {
  let r = 0;
  for (const stage of net.stages) {
    for (const b of stage.blocks) r += b.kernel / 7 + b.expand / 6 + (b.act === 'swish' ? 1 : 0) + b.se / 0.5;
  }
  return r / 64;
}

async function w7Search(): Promise<number> {
  const space = buildSpace();
  const algorithm = regularizedEvolution({ populationSize: 50, tournamentSize: 10, mutator: uniformMutator(), seed: 1 });
  let best = -Infinity;
  for await (const [net, feedback] of sample(space, algorithm, { numExamples: TRIALS })) {
    const r = w7Reward(net);
    best = Math.max(best, r);
    await feedback.report(r);
  }
  return best;
}

const BUDGETS = [50, 100, 200, 300, 500] as const;
const SEEDS = 20;

/** PyGlove 0.5 on the same benchmark (20 seeds, mean regret in accuracy points). */
const PYGLOVE: Record<string, readonly number[]> = {
  'regularized evolution (PyGlove 0.5)': [0.349, 0.113, 0.044, 0.044, 0.038],
  'random (PyGlove 0.5)': [0.349, 0.246, 0.204, 0.161, 0.113],
};

const ALGORITHMS: Array<{ id: string; label: string; make: (seed: number) => DNAGenerator }> = [
  { id: 'random', label: 'random', make: (seed) => random({ seed }) },
  {
    id: 'evolution',
    label: 'regularized evolution (population 50, tournament 10)',
    make: (seed) => regularizedEvolution({ populationSize: 50, tournamentSize: 10, seed }),
  },
  {
    id: 'evolution_p20',
    label: 'regularized evolution (population 20, tournament 5, no repeats)',
    make: (seed) => regularizedEvolution({ populationSize: 20, tournamentSize: 5, dedupRetries: 20, seed }),
  },
  { id: 'tpe', label: 'TPE (10 startup trials, 24 candidates)', make: (seed) => tpe({ seed }) },
  { id: 'cmaes', label: 'CMA-ES (choices as ordinal coordinates, λ = 10)', make: (seed) => cmaES({ seed }) },
  { id: 'reinforce', label: 'REINFORCE (Adam 0.1, batch 1)', make: (seed) => reinforce({ seed }) },
  { id: 'ppo', label: 'PPO (Adam 0.05, batch 8, 4 epochs, clip 0.2)', make: (seed) => ppo({ seed }) },
];

/** Mean regret at each budget over seeds 0..SEEDS-1, searching through `sample()`. */
async function regrets(make: (seed: number) => DNAGenerator): Promise<number[]> {
  const table = nasBenchMacroTable();
  const best = table.best.meanAcc;
  const space = Array.from({ length: 8 }, () => oneOf([0, 1, 2]));
  const sums = BUDGETS.map(() => 0);
  for (let seed = 0; seed < SEEDS; seed++) {
    let top = -Infinity;
    let t = 0;
    for await (const [layers, feedback] of sample(space, make(seed), { numExamples: BUDGETS[BUDGETS.length - 1] })) {
      const acc = table.get(layers.join('')).meanAcc;
      top = Math.max(top, acc);
      await feedback.report(acc);
      const b = BUDGETS.indexOf(++t as (typeof BUDGETS)[number]);
      if (b >= 0) sums[b]! += best - top;
    }
  }
  return sums.map((s) => s / SEEDS);
}

/** The exact expected regret of `n` uniform draws (with replacement) from the table. */
function expectedRandomRegret(n: number): number {
  const table = nasBenchMacroTable();
  const accs = table.entries.map((e) => e.meanAcc).sort((a, b) => b - a);
  const size = accs.length;
  let expected = 0;
  for (let i = 0; i < size; i++) {
    // P(the best draw is the i-th best entry) = P(all draws rank >= i) - P(all draws rank >= i + 1).
    const p = ((size - i) / size) ** n - ((size - i - 1) / size) ** n;
    expected += p * (accs[0]! - accs[i]!);
  }
  return expected;
}

function row(label: string, values: readonly number[]): string {
  return `| ${label} | ${values.map((v) => v.toFixed(3)).join(' | ')} |`;
}

export const workloads: Workload[] = [
  {
    id: 'W7',
    title: 'regularized evolution, 2,000 trials on the W5 Net space (population 50, tournament 10)',
    async run(): Promise<WorkloadResult> {
      // No warm-up: the self-check reads the result of the timed searches.
      let best = -Infinity;
      const seconds = await medianSeconds(async () => {
        best = await w7Search();
      }, 5);
      if (!(best > 0.9)) throw new Error(`bench self-check failed: W7 evolution should approach the best reward 1.0, got ${best}`);
      const trialsPerSec = TRIALS / seconds;
      return {
        primary: 'opsPerSec',
        unit: 'trials/s',
        metrics: { opsPerSec: trialsPerSec, medianSeconds: seconds, trials: TRIALS, bestReward: best, ratio: trialsPerSec / 5.9 },
        reference: { value: 5.9, label: 'PyGlove 0.5' },
      };
    },
  },
  {
    id: 'SQ',
    title: 'search quality on NAS-Bench-Macro (mean regret, accuracy points, 20 seeds)',
    async run(): Promise<WorkloadResult> {
      const metrics: Record<string, number> = {};
      const lines = [
        `Regret = best mean_acc in the table (${nasBenchMacroTable().best.meanAcc.toFixed(3)} %) − best mean_acc found, in accuracy`,
        `points (mean_acc is CIFAR-10 test accuracy in %), averaged over seeds 0..${SEEDS - 1}; searches run through \`sample()\`.`,
        '',
        `| algorithm | ${BUDGETS.map((b) => `${b}`).join(' | ')} |`,
        `|---|${BUDGETS.map(() => '---').join('|')}|`,
      ];
      for (const [label, values] of Object.entries(PYGLOVE)) lines.push(row(label, values));
      lines.push(row('random, exact expectation over the table (no seeds)', BUDGETS.map(expectedRandomRegret)));
      for (const a of ALGORITHMS) {
        const r = await regrets(a.make);
        r.forEach((v, i) => (metrics[`${a.id}_regret_${BUDGETS[i]}`] = v));
        lines.push(row(`**${a.label}**`, r));
      }
      return {
        primary: 'evolution_regret_100',
        unit: 'acc. points regret at 100 trials (lower is better)',
        metrics,
        reference: { value: 0.113, label: 'PyGlove 0.5 regularized evolution' },
        markdown: lines.join('\n'),
      };
    },
  },
];
