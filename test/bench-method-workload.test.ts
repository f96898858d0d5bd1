/**
 * `methodWorkload` (bench/methods/common.ts), the one set-up of the method benchmarks: budget and
 * list values come from `<PREFIX>_<KEY>` variables, `wallSeconds` is recorded first, and the shared
 * sentences (`seedsAndWall`, `fullConfiguration`) and tables read as the bench files wrote them by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { envName, markdownTable, methodWorkload } from '../bench/methods/common.js';

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
});

describe('methodWorkload', () => {
  it('reads budget, lists, seeds and backend from the prefix, times measure and reports', async () => {
    Object.assign(process.env, { HBT_TRAIN_STEPS: '7', HBT_SEEDS: '2', HBT_NAMES: 'a, b', HBT_BACKEND: 'cpu' });
    const seen: unknown[] = [];
    const workload = methodWorkload('HBT', {
      id: 'HB-TEST',
      title: 'a test experiment',
      budget: { trainSteps: 2, eps: 0.5 },
      lists: { names: ['x'] },
      prepare: (run) => `data for ${run.trainSteps}`,
      measure(run, data) {
        seen.push(run, data);
        return run.names.length;
      },
      report(count, run) {
        return {
          primary: 'count',
          unit: 'names',
          metrics: { count },
          markdown: `${run.seedsAndWall.replace(/wall \d+ s/, 'wall N s')}. ${run.fullConfiguration({ trainSteps: 70, names: 'p,q', seeds: 3 })}.`,
        };
      },
    });
    expect([workload.id, workload.title]).toEqual(['HB-TEST', 'a test experiment']);
    const result = await workload.run();
    expect(seen).toEqual([{ backend: 'cpu', seeds: [0, 1], trainSteps: 7, eps: 0.5, names: ['a', 'b'] }, 'data for 7']);
    expect(Object.keys(result.metrics)).toEqual(['wallSeconds', 'count']);
    expect(result.metrics['count']).toBe(2);
    expect(result.markdown).toBe(
      'seeds 0, 1; wall N s. Full configuration: `HBT_TRAIN_STEPS=70 HBT_NAMES=p,q HBT_SEEDS=3 npx tsx --conditions=source bench/run.ts HB-TEST`.',
    );
  });

  it('rejects a budget value that is not a whole number where the default is one, naming the variable', async () => {
    process.env['HBT_TRAIN_STEPS'] = '1.5';
    const workload = methodWorkload('HBT', {
      id: 'HB-TEST',
      title: 't',
      budget: { trainSteps: 2 },
      measure: () => 0,
      report: () => ({ primary: 'x', unit: '', metrics: {} }),
    });
    await expect(workload.run()).rejects.toThrow(/HBT_TRAIN_STEPS: expected an integer >= 0 in the environment, got "1.5"/);
  });
});

describe('bench text helpers', () => {
  it('envName spells a budget key as its variable; markdownTable writes the header rule per column', () => {
    expect(envName('SAT', 'trainSteps')).toBe('SAT_TRAIN_STEPS');
    expect(
      markdownTable(
        ['a', 'b (%)'],
        [
          ['1', '2'],
          ['x', 'y'],
        ],
      ),
    ).toBe('| a | b (%) |\n|---|---|\n| 1 | 2 |\n| x | y |');
  });
});
