/** `study.enqueue(point)`: known points evaluated first, counted, fed to the algorithm, resumable. */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DNA, oneOf } from '@tsglove/symbolic';
import { SearchError, Study, random, regularizedEvolution, sample, type StudyStorage } from '../src/index.js';
import { backends, closeStorage } from './fixtures/storage/backends.js';

const space = () => ({ a: oneOf([0, 1, 2, 3]), b: oneOf([0, 1, 2]), c: oneOf([0, 1, 2, 3, 4]) });
const reward = (v: { a: number; b: number; c: number }): number => v.a + 2 * v.b + v.c;
const algo = () => regularizedEvolution({ populationSize: 4, tournamentSize: 2, seed: 3 });

const opened: StudyStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await closeStorage(s);
});

/** Runs a study to `total` trials on `storage`, enqueueing `points` first when the study is new; returns trial DNA keys in order. */
async function run(storage: StudyStorage, total: number, points: number[][] = []): Promise<string[]> {
  const sampling = sample(space(), algo(), { storage, name: 'q', numExamples: total });
  const study = await sampling.study;
  for (const p of points) await study.enqueue(p);
  const keys: string[] = [];
  for await (const [v, fb] of sampling) {
    keys.push(fb.dna.key());
    await fb.report(reward(v));
  }
  return keys;
}

describe.each(backends())('study.enqueue on $name storage', (backend) => {
  async function fresh(): Promise<() => Promise<StudyStorage>> {
    const connect = backend.fresh();
    return async () => {
      const s = await connect();
      opened.push(s);
      return s;
    };
  }

  it('hands enqueued points out first, in order, counted against numExamples', async () => {
    const connect = await fresh();
    const storage = await connect();
    const keys = await run(storage, 8, [
      [3, 2, 4],
      [0, 0, 0],
    ]);
    expect(keys).toHaveLength(8);
    expect(keys.slice(0, 2)).toEqual([JSON.stringify([null, 3, 2, 4]), JSON.stringify([null, 0, 0, 0])]);
    // by values, Optuna-style
    const byValue = await Study.create(space(), random({ seed: 1 }), { storage, name: 'values' });
    await byValue.enqueue({ a: 2, b: 1, c: 3 });
    expect((await byValue.ask()).example).toEqual({ a: 2, b: 1, c: 3 });
    const trials = await storage.listTrials('q');
    expect(trials).toHaveLength(8);
    expect(trials.slice(0, 2).map((t) => [t.metadata.enqueued, t.reward])).toEqual([
      [true, 11],
      [true, 0],
    ]);
    expect(trials.slice(2).every((t) => t.metadata.enqueued === undefined && t.metadata.proposal !== undefined)).toBe(true);
  });

  it('a resumed study with enqueued trials proposes what an uninterrupted one does', async () => {
    const points = [
      [1, 1, 1],
      [2, 0, 4],
      [3, 2, 0],
    ];
    const straight = await run(await (await fresh())(), 12, points);
    for (const stopAt of [1, 2, 3, 5, 9]) {
      const connect = await fresh();
      const first = await run(await connect(), stopAt, points);
      const rest = await run(await connect(), 12);
      expect([...first, ...rest], `stopped after ${stopAt}`).toEqual(straight);
    }
  });

  it('rejects a point outside the space with an error naming the decision, storing nothing', async () => {
    const storage = await (await fresh())();
    const study = await Study.create(space(), random({ seed: 1 }), { storage, name: 'bad' });
    await expect(study.enqueue([0, 7, 0])).rejects.toThrow(SearchError);
    await expect(study.enqueue([0, 7, 0])).rejects.toThrow(/cannot enqueue \[0,7,0\]: .*b/);
    await expect(study.enqueue(new DNA(null, [new DNA(0)]))).rejects.toThrow(/cannot enqueue/);
    await expect(study.enqueue({ a: 9, b: 0, c: 0 })).rejects.toThrow(
      /cannot enqueue \{"a":9,"b":0,"c":0\}: DNA.fromDict: a: 9 is not one of the candidates \[0, 1, 2, 3\]/,
    );
    expect(await storage.listTrials('bad')).toEqual([]);
  });
});

describe('study.enqueue (memory storage)', () => {
  it('feeds the enqueued reward to the algorithm (evolution mutates from the enqueued points)', async () => {
    const points = [
      [3, 2, 4],
      [3, 2, 3],
    ];
    for (const seed of [1, 2, 3, 4, 5]) {
      const study = await Study.create(space(), regularizedEvolution({ populationSize: 2, tournamentSize: 2, seed }));
      for (const p of points) await study.enqueue(p);
      for (let i = 0; i < 2; i++) {
        const fb = await study.ask();
        await fb.report(reward(fb.example));
      }
      // The population is the two enqueued points, so the first child is one mutation away from one.
      const child = (await study.ask()).dna.toNumbers();
      const distance = Math.min(...points.map((p) => p.filter((x, j) => x !== child[j]).length));
      expect(distance, `seed ${seed}: child ${child}`).toBeLessThanOrEqual(1);
      expect(study.best!.reward).toBe(11);
    }
  });

  it('resume equals a straight run for any enqueued points and interruption point (property)', async () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 }));
    await fc.assert(
      fc.asyncProperty(fc.array(point, { maxLength: 4 }), fc.integer({ min: 0, max: 10 }), async (points, stopAt) => {
        const { MemoryStorage } = await import('../src/index.js');
        const straight = await run(new MemoryStorage(), 10, points);
        const storage = new MemoryStorage();
        const first = await run(storage, stopAt, points);
        const rest = await run(storage, 10);
        expect([...first, ...rest]).toEqual(straight);
      }),
      { numRuns: 40, verbose: true },
    );
  });
});
