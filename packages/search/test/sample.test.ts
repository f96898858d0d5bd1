/** The tuning loop: sample(), ask/tell with trials pending at once, storage, resume, progress. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DNA, floatValue, oneOf, symbolic, t } from '@tsglove/symbolic';
import {
  MemoryStorage,
  StorageError,
  Study,
  TrialError,
  grid,
  random,
  regularizedEvolution,
  sample,
  type Sampling,
  type TrialEvent,
} from '../src/index.js';

class Block extends symbolic('search-test.Block', {
  kernel: t.int({ min: 1 }),
  expand: t.int({ min: 1 }),
  act: t.enum(['relu', 'swish']),
  se: t.float({ min: 0, max: 1 }),
}) {}

const space = (): Block =>
  new Block({ kernel: oneOf([3, 5, 7]), expand: oneOf([1, 4, 6]), act: oneOf(['relu', 'swish'] as const), se: floatValue(0, 0.5) });
const score = (b: Block): number => b.kernel / 7 + b.expand / 6 + (b.act === 'swish' ? 1 : 0) + b.se;

describe('sample()', () => {
  it('yields materialized examples and stores completed trials', async () => {
    const seen: Block[] = [];
    const loop = sample(space(), regularizedEvolution({ populationSize: 5, tournamentSize: 2, seed: 1 }), { numExamples: 20 });
    for await (const [block, feedback] of loop) {
      expect(block).toBeInstanceOf(Block);
      expect(feedback.dna.spec).toBeDefined();
      seen.push(block);
      await feedback.report({ reward: score(block), metrics: { kernel: block.kernel } });
    }
    expect(seen).toHaveLength(20);
    const study = await loop.study;
    const trials = await study.trials();
    expect(trials.map((t) => t.status)).toEqual(Array(20).fill('completed'));
    expect(trials.map((t) => t.completedSeq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(trials[3]!.metrics).toEqual({ kernel: seen[3]!.kernel });
    expect(study.best!.reward).toBe(Math.max(...seen.map(score)));
  });

  it('stops when grid search is exhausted and sweeps in iterate order', async () => {
    const got: number[] = [];
    for await (const [v, fb] of sample({ a: oneOf([1, 2]), b: oneOf([10, 20]) }, grid(), { numExamples: 10 })) {
      got.push(v.a + v.b);
      await fb.report(0);
    }
    expect(got).toEqual([11, 21, 12, 22]);
  });

  it('accepts a define-by-run function as the space', async () => {
    const build = () => {
      const k = oneOf([3, 5]);
      return { kernel: k, width: k === 3 ? oneOf([8, 16], { name: 'w' }) : 4 };
    };
    const widths = new Set<number>();
    for await (const [m, fb] of sample(build, random({ seed: 2 }), { numExamples: 20 })) {
      expect([3, 5]).toContain(m.kernel);
      widths.add(m.width);
      await fb.report(m.kernel);
    }
    expect(widths.size).toBeGreaterThan(1);
  });

  it('types examples as the concrete program (tree spaces) or the function result (define-by-run)', async () => {
    const tree = sample(space(), random(), { numExamples: 1 });
    expectTypeOf(tree).toEqualTypeOf<Sampling<Block>>();
    const plain = sample({ a: oneOf([1, 2]), b: 'x' }, random(), { numExamples: 1 });
    expectTypeOf(plain).toEqualTypeOf<Sampling<{ a: 1 | 2; b: string }>>();
    const fn = sample(() => ({ w: oneOf([8, 16]) * 2 }), random(), { numExamples: 1 });
    expectTypeOf(fn).toEqualTypeOf<Sampling<{ w: number }>>();
    for await (const [v, fb] of plain) {
      expect(v.b).toBe('x');
      await fb.report(v.a);
    }
  });

  it('reports progress through onTrial, including skipped trials', async () => {
    const events: TrialEvent[] = [];
    let i = 0;
    for await (const [b, fb] of sample(space(), random({ seed: 3 }), { numExamples: 6, onTrial: (e) => events.push(e) })) {
      if (i++ % 3 === 0) await fb.skip('too slow');
      else await fb.report(score(b));
    }
    expect(events.map((e) => e.trial.status)).toEqual(['infeasible', 'completed', 'completed', 'infeasible', 'completed', 'completed']);
    expect(events[5]!.numCompleted).toBe(4);
    expect(events[5]!.numTrials).toBe(6);
    expect(events[0]!.trial.reason).toBe('too slow');
  });

  it('report() without a reward uses the last measurement; errors name the trial', async () => {
    const study = await Study.create(space(), random({ seed: 4 }));
    const fb = await study.ask();
    await expect(fb.report()).rejects.toThrow(TrialError);
    await fb.addMeasurement({ step: 1, reward: 0.5 });
    await expect(fb.addMeasurement({ step: 0, reward: 0.7 })).rejects.toThrow(/step 0/);
    await fb.addMeasurement({ step: 2, reward: 0.75 });
    const rec = await fb.report();
    expect(rec.reward).toBe(0.75);
    await expect(fb.report(1)).rejects.toThrow(/trial 1 is completed/);
    await expect(study.tell(99, 1)).rejects.toThrow(TrialError);
  });

  it('fails (does not complete) a trial given a tuple reward by a single-objective algorithm; the study goes on', async () => {
    const warnings: string[] = [];
    const study = await Study.create(space(), regularizedEvolution({ seed: 1 }), { onWarning: (m) => warnings.push(m) });
    const fb = await study.ask();
    const record = await fb.report([1, 2]);
    expect(record.status).toBe('failed');
    expect(record.reason).toMatch(/takes a single number as reward, got a tuple \[1, 2\]/);
    expect(warnings).toEqual([expect.stringMatching(/trial 1 failed: bad reward/)]);
    expect(study.algorithm.numFeedbacks).toBe(0);
    await (await study.ask()).report(1);
    expect(study.numCompleted).toBe(1);
  });
});

describe('ask/tell', () => {
  it('keeps several trials pending at once and gives the same proposals for the same call order', async () => {
    const runOnce = async (): Promise<string[]> => {
      const study = await Study.create(space(), regularizedEvolution({ populationSize: 4, tournamentSize: 2, seed: 9 }));
      const keys: string[] = [];
      const pending = [];
      for (let i = 0; i < 30; i++) {
        const fb = await study.ask();
        keys.push(fb.dna.key());
        pending.push(fb);
        if (pending.length === 3) {
          // Complete out of order: the middle one first.
          const [a, b, c] = pending.splice(0, 3);
          await study.tell(b!.id, score(b!.example));
          await study.tell(c!.id, score(c!.example));
          await study.tell(a!.id, score(a!.example));
        }
      }
      return keys;
    };
    const a = await runOnce();
    expect(await runOnce()).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(10);
  });

  it('resumes a study from its storage exactly where an uninterrupted one would be', async () => {
    const algo = () => regularizedEvolution({ populationSize: 5, tournamentSize: 3, seed: 5 });
    const straight: string[] = [];
    for await (const [b, fb] of sample(space(), algo(), { numExamples: 25 })) {
      straight.push(fb.dna.key());
      await fb.report(score(b));
    }
    const storage = new MemoryStorage();
    const resumed: string[] = [];
    for await (const [b, fb] of sample(space(), algo(), { numExamples: 11, storage, name: 'r' })) {
      resumed.push(fb.dna.key());
      await fb.report(score(b));
    }
    for await (const [b, fb] of sample(space(), algo(), { numExamples: 25, storage, name: 'r' })) {
      resumed.push(fb.dna.key());
      await fb.report(score(b));
    }
    expect(resumed).toEqual(straight);
    await expect(Study.create(space(), regularizedEvolution({ seed: 6 }), { storage, name: 'r' })).rejects.toThrow(StorageError);
  });

  it('writes a trial to storage before ask() returns it', async () => {
    const storage = new MemoryStorage();
    const study = await Study.create(space(), random({ seed: 1 }), { storage, name: 's' });
    const fb = await study.ask();
    const stored = await storage.getTrial('s', fb.id);
    expect(stored!.status).toBe('running');
    expect(DNA.fromJSON(stored!.dna, study.spec).equals(fb.dna)).toBe(true);
  });
});
