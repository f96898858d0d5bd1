/**
 * Graceful trials: a bad reward or a throwing evaluation fails its trial (with the reason) and the
 * study goes on; loops never end or stall silently with trials running; options are checked by name.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { floatValue, oneOf } from '@tsglove/symbolic';
import {
  SearchError,
  StorageError,
  Study,
  openStorage,
  cmaES,
  evolution,
  hillClimb,
  medianStopping,
  successiveHalving,
  nsga2,
  ppo,
  random,
  regularizedEvolution,
  reinforce,
  sample,
  tpe,
  uniformMutator,
} from '../src/index.js';

const space = () => ({ a: oneOf([1, 2, 3], { name: 'a' }), x: floatValue(0, 1, { name: 'x' }) });

describe('bad rewards fail the trial, not the search', () => {
  for (const [label, reward] of [
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['a string', 'high'],
    ['a tuple (single-objective algorithm)', [1, 2]],
    ['an object without reward', { score: 1 }],
  ] as const) {
    it(`${label}: stored failed with the reason; the loop goes on and the algorithm sees no feedback`, async () => {
      const warnings: string[] = [];
      const sampling = sample(space(), regularizedEvolution({ populationSize: 2, tournamentSize: 1, seed: 1 }), {
        numExamples: 4,
        onWarning: (m) => warnings.push(m),
      });
      let i = 0;
      for await (const [, fb] of sampling) await fb.report((i++ === 1 ? reward : 0.5) as never);
      const study = await sampling.study;
      const trials = await study.trials();
      expect(trials.map((t) => t.status)).toEqual(['completed', 'failed', 'completed', 'completed']);
      expect(trials[1]!.reason).toMatch(/^bad reward: regularizedEvolution: /);
      expect(study.algorithm.numFeedbacks).toBe(3);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/trial 2 failed: bad reward/);
      expect(study.best!.reward).toBe(0.5);
    });
  }

  it('a multi-objective reward of another arity fails the trial (nsga2)', async () => {
    const study = await Study.create(space(), nsga2({ populationSize: 4, seed: 2 }), { onWarning: () => undefined });
    await (await study.ask()).report([1, 2]);
    const second = await (await study.ask()).report([1, 2, 3]);
    expect(second.status).toBe('failed');
    expect(second.reason).toMatch(/objectives/);
    expect(study.algorithm.numFeedbacks).toBe(1);
  });

  it('report(NaN) in the library resolves with the failed record (no RewardError, no running trial left)', async () => {
    const study = await Study.create(space(), random({ seed: 1 }), { onWarning: () => undefined });
    const fb = await study.ask();
    const record = await fb.report(NaN);
    expect(record.status).toBe('failed');
    expect(record.reason).toBe(
      'bad reward: random: reward must be a finite number, got NaN (report a finite value, or fail or skip the trial)',
    );
    expect(fb.ended).toBe(true);
  });
});

describe('run(): a throwing evaluate fails its trial and the search goes on', () => {
  it('by default: every trial is tried, throwing ones are failed with the message and warned', async () => {
    const warnings: string[] = [];
    const study = await sample(space(), random({ seed: 3 }), { numExamples: 6, onWarning: (m) => warnings.push(m) }).run((v) => {
      if (v.a === 2) throw new Error(`a=2 is broken`);
      return v.x;
    });
    const trials = await study.trials();
    expect(trials).toHaveLength(6);
    const failed = trials.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const t of failed) expect(t.reason).toBe('evaluate: a=2 is broken');
    expect(warnings).toHaveLength(failed.length);
    expect(trials.filter((t) => t.status === 'running')).toEqual([]);
  });

  it('raise: selected error classes stop the loop and are rethrown; others fail only their trial', async () => {
    class Fatal extends Error {}
    let n = 0;
    const sampling = sample(space(), random({ seed: 3 }), { numExamples: 10, onWarning: () => undefined });
    await expect(
      sampling.run(
        () => {
          n++;
          if (n === 2) throw new TypeError('minor');
          if (n === 4) throw new Fatal('fatal');
          return 1;
        },
        { raise: [Fatal] },
      ),
    ).rejects.toBeInstanceOf(Fatal);
    const trials = await (await sampling.study).trials();
    expect(trials.map((t) => t.status)).toEqual(['completed', 'failed', 'completed', 'failed']);
    // A predicate works too.
    await expect(
      sample(space(), random({ seed: 3 }), { numExamples: 3 }).run(
        () => {
          throw new RangeError('r');
        },
        { raise: (e) => e instanceof RangeError },
      ),
    ).rejects.toThrow('r');
  });
});

describe('loops that end or stall with trials running say so', () => {
  it('the for-await form without workers: ending with unreported trials warns, naming them', async () => {
    const warnings: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    for await (const _ of sample(space(), random({ seed: 1 }), { numExamples: 3, onWarning: (m) => warnings.push(m) })) {
      // forgot feedback.report
    }
    expect(warnings).toEqual([expect.stringMatching(/^sample: the loop ended with trials 1, 2 and 3 still running \(never reported\)/)]);
  });

  it('a report not awaited in the loop body is not mistaken for a missing one', async () => {
    const warnings: string[] = [];
    for await (const [v, fb] of sample(space(), random({ seed: 1 }), { numExamples: 3, onWarning: (m) => warnings.push(m) }))
      void fb.report(v.x);
    expect(warnings).toEqual([]);
  });

  it('workers: 1 and a forgotten report: the process ends with an error naming the trial (not exit 13 and silence)', () => {
    const script = resolve(__dirname, 'fixtures/forgotten-report.ts');
    const tsx = resolve(__dirname, '../../../node_modules/tsx/dist/cli.mjs');
    const run = spawnSync(process.execPath, [tsx, '--conditions=source', script], {
      cwd: resolve(__dirname, '../../..'),
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBe(13);
    expect(run.stderr).toMatch(/the loop waits for trial 1 to end, but nothing is left that could end it/);
  });
});

describe('options are checked by name', () => {
  it('sample(): an unknown option is an error suggesting the nearest name', () => {
    expect(() => sample(space(), random(), { numExampels: 3 } as never)).toThrow(SearchError);
    expect(() => sample(space(), random(), { numExampels: 3 } as never)).toThrow(
      /sample: unknown option "numExampels" \(did you mean "numExamples"\?\)/,
    );
    expect(() => sample(space(), random(), { wrokers: 3 } as never)).toThrow(/did you mean "workers"/);
  });

  it('numExamples must be a whole number', () => {
    for (const bad of [2.5, '5', -1, NaN]) {
      expect(() => sample(space(), random(), { numExamples: bad as never })).toThrow(/numExamples must be a whole number of trials >= 0/);
    }
    expect(() => sample(space(), random(), { numExamples: Infinity })).not.toThrow();
  });

  it('every algorithm rejects an unknown option, suggesting the nearest', () => {
    expect(() => tpe({ gama: 1 } as never)).toThrow(/tpe: unknown option "gama" \(did you mean "gamma"\?\)/);
    expect(() => random({ sed: 1 } as never)).toThrow(/random: unknown option "sed" \(did you mean "seed"\?\)/);
    expect(() => regularizedEvolution({ populationsize: 1 } as never)).toThrow(/did you mean "populationSize"/);
    expect(() => hillClimb({ mutater: uniformMutator() } as never)).toThrow(/did you mean "mutator"/);
    expect(() => evolution({ reproduction: uniformMutator(), dedupRetry: 1 } as never)).toThrow(/did you mean "dedupRetries"/);
    expect(() => nsga2({ crossoverProb: 1 } as never)).toThrow(/nsga2: unknown option "crossoverProb"/);
    expect(() => cmaES({ sigma: 1 } as never)).toThrow(/did you mean "sigma0"/);
    expect(() => ppo({ clipp: 1 } as never)).toThrow(/did you mean "clip"/);
    expect(() => reinforce({ learningrate: 1 } as never)).toThrow(/did you mean "learningRate"/);
    expect(() => medianStopping({ minTrials: 5 } as never)).toThrow(/medianStopping: unknown option "minTrials"/);
    expect(() => successiveHalving({ reduction: 3 } as never)).toThrow(/did you mean "reductionFactor"/);
    expect(() => tpe({ zzzzzzzz: 1 } as never)).toThrow(/unknown option "zzzzzzzz"; known options: numStartupTrials/);
  });

  it('run(): options are checked too', async () => {
    await expect(sample(space(), random(), { numExamples: 1 }).run(() => 1, { onErorr: 'fail' } as never)).rejects.toThrow(
      /did you mean "onError"/,
    );
  });
});

describe('storage URLs', () => {
  it('sqlite: on a directory is a StorageError naming it and the fix (not a raw EISDIR)', async () => {
    await expect(openStorage('sqlite:/tmp')).rejects.toThrow(StorageError);
    await expect(openStorage('sqlite:/tmp/')).rejects.toThrow(
      'sqlite:/tmp/: is a directory; give the path of a database file, e.g. sqlite:/tmp/study.db',
    );
  });
});

describe('a DNA the space cannot run', () => {
  it('fails its trial with the reason and the loop goes on; a space that never runs stops the loop', async () => {
    const warnings: string[] = [];
    const fragile = () => {
      const a = oneOf([1, 2, 3], { name: 'a' });
      if (a === 2) throw new Error('a = 2 cannot be built');
      return a;
    };
    const sampling = sample(fragile, random({ seed: 2 }), { numExamples: 12, onWarning: (m) => warnings.push(m) });
    for await (const [a, fb] of sampling) await fb.report(a);
    const trials = await (await sampling.study).trials();
    expect(trials).toHaveLength(12);
    const failed = trials.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const t of failed) expect(t.reason).toBe('materialize: a = 2 cannot be built');
    expect(warnings.filter((w) => /materialize: a = 2/.test(w))).toHaveLength(failed.length);
    const broken = () => {
      oneOf([1, 2], { name: 'b' });
      throw new Error('always');
    };
    // (collect itself runs the function: a space that always throws fails when the study opens)
    await expect(sample(broken, random(), { numExamples: 5 }).run(() => 1)).rejects.toThrow('always');
  });
});
