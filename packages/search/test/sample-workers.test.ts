/** `sample(..., { workers })`: trials in flight at once, `run(evaluate)`, back-pressure, errors, storages. */
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import { oneOf, floatValue, seededRandom } from '@tsglove/symbolic';
import { SearchError, grid, random, regularizedEvolution, sample, type StudyStorage } from '../src/index.js';
import { backends, closeStorage } from './fixtures/storage/backends.js';

const space = () => ({ a: oneOf([1, 2, 3, 4]), b: oneOf([10, 20, 30]), x: floatValue(0, 1) });
const score = (v: { a: number; b: number; x: number }): number => v.a * v.b + v.x;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An evaluate that sleeps a seeded random time and records how many evaluations overlap. */
function concurrentEvaluate(seed: number, maxMs = 4) {
  const rng = seededRandom(seed);
  const state = { running: 0, peak: 0, calls: 0 };
  const evaluate = async (v: { a: number; b: number; x: number }) => {
    state.calls++;
    state.running++;
    state.peak = Math.max(state.peak, state.running);
    await sleep(Math.floor(rng() * maxMs));
    state.running--;
    return score(v);
  };
  return { evaluate, state };
}

describe('sample(..., { workers }).run(evaluate)', () => {
  it('keeps exactly `workers` evaluations in flight and stores every trial once', async () => {
    const { evaluate, state } = concurrentEvaluate(1);
    const sampling = sample(space(), regularizedEvolution({ populationSize: 6, tournamentSize: 3, seed: 2 }), {
      numExamples: 40,
      workers: 4,
    });
    const study = await sampling.run(evaluate);
    expect(state.peak).toBe(4);
    expect(state.calls).toBe(40);
    const trials = await study.trials();
    expect(trials).toHaveLength(40);
    expect(new Set(trials.map((t) => t.id)).size).toBe(40);
    expect(trials.every((t) => t.status === 'completed')).toBe(true);
    expect(study.numCompleted).toBe(40);
    expect(study.best!.reward).toBe(Math.max(...trials.map((t) => t.reward as number)));
  });

  it('with one worker proposes what the for-await loop proposes', async () => {
    const algo = () => regularizedEvolution({ populationSize: 5, tournamentSize: 2, seed: 7 });
    const looped: string[] = [];
    for await (const [v, fb] of sample(space(), algo(), { numExamples: 25 })) {
      looped.push(fb.dna.key());
      await fb.report(score(v));
    }
    const ran: string[] = [];
    await sample(space(), algo(), { numExamples: 25 }).run((v, fb) => {
      ran.push(fb.dna.key());
      return score(v);
    });
    expect(ran).toEqual(looped);
  });

  it('holds for any budget, worker count and timing (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 1, max: 6 }), fc.integer(), async (n, workers, seed) => {
        const { evaluate, state } = concurrentEvaluate(seed, 3);
        const study = await sample(space(), random({ seed }), { numExamples: n, workers }).run(evaluate);
        const trials = await study.trials();
        expect(trials).toHaveLength(n);
        expect(trials.every((t) => t.status === 'completed')).toBe(true);
        expect(state.peak).toBeLessThanOrEqual(workers);
        expect(state.peak).toBe(Math.min(workers, n));
      }),
      { numRuns: 25, verbose: true },
    );
  });

  it('ends when grid search is exhausted, every grid point evaluated once', async () => {
    const seen: number[] = [];
    const study = await sample({ a: oneOf([1, 2, 3]), b: oneOf([10, 20]) }, grid(), { workers: 3 }).run(async (v) => {
      await sleep(1);
      seen.push(v.a + v.b);
      return 0;
    });
    expect(seen.sort((p, q) => p - q)).toEqual([11, 12, 13, 21, 22, 23]);
    expect(study.numTrials).toBe(6);
  });

  it('lets evaluate end the trial itself (skip, report with metrics) without a second report', async () => {
    const study = await sample(space(), random({ seed: 3 }), { numExamples: 12, workers: 2 }).run(async (v, fb) => {
      if (v.a === 1) {
        await fb.skip('a = 1 is infeasible');
        return undefined;
      }
      await fb.report({ reward: score(v), metrics: { a: v.a } });
      return undefined;
    });
    const trials = await study.trials();
    expect(trials).toHaveLength(12);
    for (const t of trials) expect(t.status).toBe(t.metrics ? 'completed' : 'infeasible');
    expect(trials.some((t) => t.status === 'infeasible')).toBe(true);
  });

  it("stores a throwing evaluation as failed and, with onError: 'throw', stops and rethrows after the trials in flight end", async () => {
    const boom = new Error('out of memory on trial 5');
    let calls = 0;
    const sampling = sample(space(), random({ seed: 4 }), { numExamples: 50, workers: 3 });
    await expect(
      sampling.run(
        async (v) => {
          const call = ++calls;
          await sleep(call === 5 ? 0 : 3);
          if (call === 5) throw boom;
          return score(v);
        },
        { onError: 'throw' },
      ),
    ).rejects.toBe(boom);
    const trials = await (await sampling.study).trials();
    expect(trials.length).toBeLessThanOrEqual(5 + 3);
    expect(trials.filter((t) => t.status === 'failed').map((t) => t.reason)).toEqual(['evaluate: out of memory on trial 5']);
    expect(trials.filter((t) => t.status === 'running')).toEqual([]);
  });

  it("with onError: 'fail' goes on after a failed evaluation", async () => {
    const study = await sample(space(), random({ seed: 5 }), { numExamples: 20, workers: 2 }).run(
      (v) => {
        if (v.a === 2) throw new Error('diverged');
        return score(v);
      },
      { onError: 'fail' },
    );
    const trials = await study.trials();
    expect(trials).toHaveLength(20);
    const failed = trials.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((t) => t.reason === 'evaluate: diverged')).toBe(true);
    expect(trials.filter((t) => t.status === 'completed').length + failed.length).toBe(20);
  });

  it('fails a trial whose evaluate returns nothing and reported nothing, naming the trial', async () => {
    const study = await sample(space(), random({ seed: 6 }), { numExamples: 3 }).run(() => undefined, { onError: 'fail' });
    const trials = await study.trials();
    expect(trials.map((t) => t.status)).toEqual(['failed', 'failed', 'failed']);
    expect(trials[0]!.reason).toMatch(/trial 1: report\(\) without a reward needs at least one measurement/);
  });

  it('types the example run() passes to evaluate as the concrete child (literal unions for oneOf)', async () => {
    await sample(space(), random({ seed: 1 }), { numExamples: 1 }).run((v, fb) => {
      expectTypeOf(v).toEqualTypeOf<{ a: 1 | 2 | 3 | 4; b: 10 | 20 | 30; x: number }>();
      expectTypeOf(fb.example).toEqualTypeOf<{ a: 1 | 2 | 3 | 4; b: 10 | 20 | 30; x: number }>();
      return score(v);
    });
  });

  it('rejects a bad worker count, naming the option', () => {
    for (const workers of [0, -1, 1.5, NaN]) {
      expect(() => sample(space(), random(), { workers })).toThrow(SearchError);
      expect(() => sample(space(), random(), { workers })).toThrow(/workers must be an integer >= 1/);
    }
  });
});

describe('sample(..., { workers }) in a for-await loop', () => {
  it('gives back-pressure to evaluations started without await, and ends after the last one', async () => {
    const { evaluate, state } = concurrentEvaluate(8);
    const sampling = sample(space(), random({ seed: 8 }), { numExamples: 30, workers: 3 });
    for await (const [v, fb] of sampling) {
      void evaluate(v).then((reward) => fb.report(reward));
    }
    expect(state.peak).toBe(3);
    const trials = await (await sampling.study).trials();
    expect(trials).toHaveLength(30);
    expect(trials.every((t) => t.status === 'completed')).toBe(true);
  });

  it('does not wait for trials in flight when the consumer breaks', async () => {
    const sampling = sample(space(), random({ seed: 9 }), { numExamples: 30, workers: 2 });
    let n = 0;
    for await (const [, fb] of sampling) {
      void fb; // left running on purpose
      if (++n === 2) break;
    }
    const trials = await (await sampling.study).trials();
    expect(trials.map((t) => t.status)).toEqual(['running', 'running']);
  });
});

const opened: StudyStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await closeStorage(s);
});

describe.each(backends())('run() with workers on $name storage', (backend) => {
  it('stores every trial once and resumes to the full budget', async () => {
    const connect = backend.fresh();
    const storage = await connect();
    opened.push(storage);
    const algo = () => regularizedEvolution({ populationSize: 5, tournamentSize: 2, seed: 11 });
    await sample(space(), algo(), { storage, name: 'w', numExamples: 15, workers: 4 }).run(concurrentEvaluate(11).evaluate);
    const again = await connect();
    opened.push(again);
    const study = await sample(space(), algo(), { storage: again, name: 'w', numExamples: 32, workers: 4 }).run(
      concurrentEvaluate(12).evaluate,
    );
    const trials = await again.listTrials('w');
    expect(trials).toHaveLength(32);
    expect(new Set(trials.map((t) => t.id)).size).toBe(32);
    expect(trials.every((t) => t.status === 'completed')).toBe(true);
    expect(study.numCompleted).toBe(32);
  });
});

describe('sample(..., { timeout })', () => {
  it('starts no trial once the time budget is spent; running trials still end', async () => {
    expect(await (await sample(space(), random({ seed: 1 }), { numExamples: 10, timeout: 0 }).run(score)).trials()).toEqual([]);
    const sampling = sample(space(), random({ seed: 2 }), { numExamples: 1000, timeout: 0.15, workers: 2 });
    const study = await sampling.run(async (v) => {
      await sleep(25);
      return score(v);
    });
    const trials = await study.trials();
    expect(trials.length).toBeGreaterThan(0);
    expect(trials.length).toBeLessThan(1000); // 1000 trials of 25 ms on 2 workers would take 12.5 s
    expect(trials.every((t) => t.status === 'completed')).toBe(true);
    let looped = 0;
    for await (const [v, fb] of sample(space(), random({ seed: 3 }), { numExamples: 1000, timeout: 0.05 })) {
      await sleep(10);
      await fb.report(score(v));
      looped++;
    }
    expect(looped).toBeLessThan(1000);
  });

  it('rejects a negative or non-numeric timeout, naming the option', () => {
    expect(() => sample(space(), random(), { timeout: -1 })).toThrow(/timeout must be a number of seconds >= 0/);
    expect(() => sample(space(), random(), { timeout: NaN })).toThrow(SearchError);
  });
});
