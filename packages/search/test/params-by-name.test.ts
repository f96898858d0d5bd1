/**
 * Parameters by name: every trial stores its decisions by name with decoded values (tree spaces and
 * define-by-run ones), `study.best` gives them, `study.bestExample()` materializes the best trial;
 * studies can be copied (same storage or another) and deleted on every storage.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { dnaSpec, evolve, floatValue, makeRandom, manyOf, oneOf, type DNA, type DNASpec } from '@tsglove/symbolic';
import {
  MemoryStorage,
  Study,
  copyStudy,
  paramKeys,
  paramsOf,
  random,
  regularizedEvolution,
  sample,
  tpe,
  trialParams,
  type ParamValue,
  type StudyStorage,
  type TrialParams,
} from '../src/index.js';
import { backends, closeStorage } from './fixtures/storage/backends.js';
import { dynamicSpec, finiteSpec, mixedSpec } from './spaces.js';

const tree = () => ({
  act: oneOf(['relu', 'swish'], { name: 'act' }),
  block: oneOf([{ kernel: oneOf([3, 5], { name: 'kernel' }) }, 'identity'], { name: 'block' }),
  skips: manyOf(2, [0, 1, 2], { name: 'skips' }),
  lr: floatValue(1e-3, 1e-1, { name: 'lr', scale: 'log' }),
  unnamed: oneOf([1, 2]),
});

/** The definition of a trial's parameters: `toDict`'s literal form by id, each under its parameter key. */
function paramsByDefinition(spec: DNASpec, dna: DNA): TrialParams {
  const asParam = (value: unknown): ParamValue => {
    if (Array.isArray(value)) return value.map(asParam);
    if (typeof value === 'string') {
      const branch = /^\{\$branch: (\d+)/.exec(value);
      return branch ? Number(branch[1]) : value;
    }
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
    return String(value);
  };
  const keys = paramKeys(spec);
  const literal = spec.toDict(dna, { key: 'id', value: 'literal', form: 'parent' });
  const out: TrialParams = {};
  for (const [id, value] of Object.entries(literal)) out[keys.get(id) ?? id] = asParam(value);
  return out;
}

describe('trialParams', () => {
  const specs: Array<[string, () => DNASpec]> = [
    ['tree', () => dnaSpec(tree())],
    ['mixed', mixedSpec],
    ['finite', finiteSpec],
    ['define-by-run', dynamicSpec],
    [
      'array and object candidates, an evolved value',
      () =>
        dnaSpec({
          shape: oneOf([[1, 2], [3], { w: 4 }], { name: 'shape' }),
          pair: manyOf(2, [[0], 'x', { y: [1] }]),
          grown: evolve([1], (v: number[], r) => [...v, Math.floor(r() * 5)], { name: 'grown' }),
        }),
    ],
  ];

  it.each(specs)('is the toDict literal form under parameter keys, in its order (%s)', (_, make) => {
    const spec = make();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const dna = spec.randomDNA(makeRandom(seed));
        const params = trialParams(spec, dna);
        expect(JSON.stringify(params)).toBe(JSON.stringify(paramsByDefinition(spec, dna)));
        expect(params).toEqual(paramsByDefinition(spec, dna));
      }),
      { numRuns: 60 },
    );
  });
});

describe('trials store their parameters by name', () => {
  it('tree spaces: names (or ids) with literal values; decisions of unchosen candidates are absent', async () => {
    const study = await sample(tree(), random({ seed: 1 }), { numExamples: 20 }).run((e) => e.lr);
    const trials = await study.trials();
    for (const t of trials) {
      const p = paramsOf(t)!;
      expect(['relu', 'swish']).toContain(p.act);
      expect(typeof p.lr).toBe('number');
      expect(p.skips).toHaveLength(2);
      expect([1, 2]).toContain(p.unnamed);
      if (p.block === 'identity') expect(p).not.toHaveProperty('kernel');
      else expect([3, 5]).toContain(p.kernel);
    }
    expect(trials.some((t) => paramsOf(t)!.block === 'identity')).toBe(true);
    const stored = await study.storage.getStudy('study');
    expect(stored!.metadata.decisions).toEqual(['act', 'block', 'kernel', 'skips', 'lr', 'unnamed']);
  });

  it('define-by-run spaces: the names given in the function', async () => {
    const fn = () => ({ width: oneOf([16, 32], { name: 'width' }), lr: floatValue(0.01, 0.1, { name: 'lr' }) });
    const study = await sample(fn, tpe({ seed: 2 }), { numExamples: 5 }).run((e) => e.width * e.lr);
    for (const t of await study.trials()) {
      expect(Object.keys(paramsOf(t)!)).toEqual(['width', 'lr']);
    }
  });

  it('study.best has the params, and bestExample() materializes the best trial', async () => {
    const score = (e: { act: string; lr: number }) => (e.act === 'swish' ? 1 : 0) + e.lr;
    const study = await sample(tree(), regularizedEvolution({ populationSize: 4, tournamentSize: 2, seed: 3 }), { numExamples: 30 }).run(
      score,
    );
    const trials = await study.trials();
    const best = trials.reduce((b, t) => ((t.reward as number) > (b.reward as number) ? t : b));
    expect(study.best).toEqual({ id: best.id, reward: best.reward, params: paramsOf(best) });
    const example = study.bestExample()!;
    expect(score(example)).toBe(best.reward);
    expect(example.act).toBe(study.best!.params.act);
    // after a resume too
    const resumed = await Study.create(tree(), regularizedEvolution({ populationSize: 4, tournamentSize: 2, seed: 3 }), {
      storage: study.storage,
    });
    expect(resumed.best).toEqual(study.best);
    expect(resumed.bestExample()).toEqual(example);
  });

  it('enqueued trials store params too', async () => {
    const study = await Study.create(tree(), random({ seed: 1 }));
    await study.enqueue({ act: 'relu', block: 'identity', skips: [0, 2], lr: 0.01, unnamed: 1 });
    const t = (await study.trials())[0]!;
    expect(paramsOf(t)).toEqual({ act: 'relu', block: 'identity', skips: [0, 2], lr: 0.01, unnamed: 1 });
  });
});

const opened: StudyStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await closeStorage(s);
});

describe.each(backends())('copy and delete a study: $name', (backend) => {
  it('a copy keeps trials, completion order and measurements, and resumes exactly as the original (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 1000 }), async (n, seed) => {
        const storage = await backend.fresh()();
        opened.push(storage);
        const algo = () => regularizedEvolution({ populationSize: 3, tournamentSize: 2, seed });
        const original = await Study.create(tree(), algo(), { storage, name: 'orig' });
        for (let i = 0; i < n; i++) {
          const fb = await original.ask();
          await fb.addMeasurement({ step: 1, reward: i });
          if (i % 4 === 3) await fb.fail('x');
          else await fb.report(((i * 7919) % 13) / 13);
        }
        await copyStudy(storage, 'orig', storage, 'copy');
        const a = await storage.listTrials('orig');
        const b = await storage.listTrials('copy');
        const strip = (ts: typeof a) => ts.map(({ study: _s, createdAt: _c, updatedAt: _u, ...rest }) => rest);
        expect(strip(b)).toEqual(strip(a));
        const next = async (name: string) => (await (await Study.create(tree(), algo(), { storage, name })).ask()).dna.toJSON();
        expect(await next('copy')).toEqual(await next('orig'));
      }),
      { numRuns: backend.name === 'memory' ? 15 : 4 },
    );
  });

  it('copies between storages, and deletes', async () => {
    const storage = await backend.fresh()();
    opened.push(storage);
    await sample(tree(), random({ seed: 1 }), { numExamples: 4, storage, name: 's' }).run((e) => e.lr);
    const other = new MemoryStorage();
    await copyStudy(storage, 's', other, 's2');
    expect((await other.listTrials('s2')).map((t) => t.reward)).toEqual((await storage.listTrials('s')).map((t) => t.reward));
    await expect(copyStudy(storage, 's', other, 's2')).rejects.toThrow(/a study named "s2" exists already/);
    await expect(copyStudy(storage, 'nope', other, 'x')).rejects.toThrow(/no study named "nope"/);
    const del = (storage as unknown as { deleteStudy(n: string): Promise<boolean> }).deleteStudy.bind(storage);
    expect(await del('s')).toBe(true);
    expect(await storage.getStudy('s')).toBeUndefined();
    expect(await del('s')).toBe(false);
    // the name is free again
    await sample(tree(), random({ seed: 1 }), { numExamples: 1, storage, name: 's' }).run(() => 1);
    expect(await storage.countTrials('s')).toBe(1);
  });
});
