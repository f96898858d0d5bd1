/**
 * DNA interchange checked against PyGlove itself: pyglove/pyglove-vectors.json was written by
 * pyglove/generate_vectors.py running PyGlove 0.5 (ids, sizes, grid order, numbers, pg.to_json of
 * DNA, to_dict in both key types, dynamic-evaluation names and results).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DNA,
  DynamicEvaluationContext,
  dnaSpec,
  floatValue,
  format,
  manyOf,
  oneOf,
  makeRandom,
  randomDNA,
  SymbolicError,
  type DNASpec,
} from '@tsglove/symbolic';
import { spaceArb, buildSpace } from './hyper-arbitrary.js';

type Desc = unknown;
interface DNAFacts {
  numbers: Array<number | string>;
  json: { _type: string; format: string; value: unknown; metadata?: Record<string, unknown> };
  dict_id: Record<string, unknown>;
  dict_name: Record<string, unknown>;
}
interface SpaceFacts {
  space: Desc;
  size: number | 'inf';
  ids: string[];
  names: Array<string | null>;
  dna: DNAFacts[];
  grid?: number[][];
}
const vectors = JSON.parse(readFileSync(fileURLToPath(new URL('./pyglove/pyglove-vectors.json', import.meta.url)), 'utf8')) as {
  pyglove: string;
  spaces: Record<string, SpaceFacts>;
  dynamic: { ids: string[]; names: Array<string | null>; runs: Array<{ numbers: number[]; result?: unknown; error?: string }> };
  literal_dna: Array<{ numbers: Array<number | string>; json: DNAFacts['json'] }>;
};

/** Builds the tsglove space of a description (the language of generate_vectors.py). */
function build(d: Desc): unknown {
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return d;
  const o = d as Record<string, any>;
  const name = o.name ?? undefined;
  if ('oneOf' in o) return oneOf(o.oneOf.map(build), { name });
  if ('manyOf' in o) return manyOf(o.manyOf, o.cands.map(build), { distinct: o.distinct ?? true, sorted: o.sorted ?? false, name });
  if ('float' in o) return floatValue(o.float[0], o.float[1], { name });
  if ('dict' in o) return Object.fromEntries(Object.entries(o.dict as Record<string, Desc>).map(([k, v]) => [k, build(v)]));
  throw new Error(`bad description ${JSON.stringify(d)}`);
}

describe(`DNA against PyGlove ${vectors.pyglove} (generated vectors)`, () => {
  for (const [name, facts] of Object.entries(vectors.spaces)) {
    describe(`space "${name}"`, () => {
      const spec = dnaSpec(build(facts.space));

      it('has PyGlove’s decision ids (one per manyOf subchoice), names and size', () => {
        expect(spec.pyglovePoints().map((p) => p.id)).toEqual(facts.ids);
        expect(spec.pyglovePoints().map((p) => p.point.name ?? null)).toEqual(facts.names);
        expect(spec.spaceSize).toBe(facts.size === 'inf' ? Infinity : facts.size);
      });

      it('reads and writes PyGlove’s numbers, pg.to_json(dna) and to_dict', () => {
        for (const f of facts.dna) {
          const dna = DNA.fromNumbers(f.numbers, spec);
          expect(dna.toNumbers()).toEqual(f.numbers);
          if (f.json.metadata) dna.metadata = { ...f.json.metadata };
          expect(dna.toPyGlove()).toEqual(f.json);
          const back = DNA.fromPyGlove(f.json, spec);
          expect(back.equals(dna)).toBe(true);
          expect(back.metadata).toEqual(f.json.metadata ?? {});
          expect(DNA.fromPyGlove(f.json).toNumbers()).toEqual(f.numbers); // no spec: PyGlove's tree, same numbers
          expect(dna.toDict()).toEqual(f.dict_id);
          expect(dna.toDict({ key: 'name' })).toEqual(f.dict_name);
          expect(DNA.fromDict(f.dict_id, spec, { value: 'index' }).equals(dna)).toBe(true);
        }
      });

      if (facts.grid) {
        it('walks the grid in PyGlove’s order', () => {
          const numbers: number[][] = [];
          for (let d: DNA | null = spec.firstDNA(); d; d = spec.nextDNA(d)) numbers.push(d.toNumbers());
          expect(numbers).toEqual(facts.grid);
        });
      }
    });
  }

  it('names dynamic-evaluation decisions as PyGlove does, and applies PyGlove’s numbers', () => {
    const program = (): unknown[] => {
      const a = oneOf([() => (oneOf([1, 2]) as number) + (oneOf([7, 8]) as number), () => 3]);
      const b = oneOf([4, 5]);
      const c = manyOf(2, [() => oneOf([10, 20]), 30, 40]);
      const named = oneOf([() => floatValue(0, 1), () => oneOf([1, 2], { name: 'inner' })], { name: 'named' });
      const d = oneOf([6, 7]);
      return [a, b, c, named, d];
    };
    const ctx = new DynamicEvaluationContext();
    ctx.collect(program);
    expect(ctx.dnaSpec.pyglovePoints().map((p) => p.id)).toEqual(vectors.dynamic.ids);
    // (tsglove also names auto-named decisions by their id; PyGlove leaves their name empty.)
    ctx.dnaSpec.pyglovePoints().forEach((p, i) => {
      if (vectors.dynamic.names[i] !== null) expect(p.point.name).toBe(vectors.dynamic.names[i]);
    });
    for (const run of vectors.dynamic.runs) expect(ctx.apply(run.numbers, program)).toEqual(run.result);
  });

  it('reads hand-written PyGlove DNA JSON (string custom values kept in the numbers) and writes it back', () => {
    for (const f of vectors.literal_dna) {
      const dna = DNA.fromPyGlove(f.json);
      expect(dna.toNumbers<number | string>()).toEqual(f.numbers);
      expect(dna.toPyGlove()).toEqual(f.json);
    }
  });
});

describe('PyGlove JSON round trips over random spaces (fast-check)', () => {
  it('fromPyGlove(toPyGlove(d), spec) equals d, metadata kept', () => {
    fc.assert(
      fc.property(spaceArb({ floats: true }), fc.integer(), (desc, seed) => {
        const spec: DNASpec = dnaSpec(buildSpace(desc));
        const random = makeRandom(seed);
        for (let i = 0; i < 4; i++) {
          const d = randomDNA(spec, { random });
          d.metadata = { seed, i };
          const json = JSON.parse(JSON.stringify(d.toPyGlove()));
          const back = DNA.fromPyGlove(json, spec);
          expect(back.equals(d)).toBe(true);
          expect(back.metadata).toEqual({ seed, i });
          expect(DNA.fromPyGlove(json).toNumbers()).toEqual(d.toNumbers());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('bad PyGlove JSON is a clear error', () => {
    const spec = dnaSpec({ a: oneOf([1, 2]) });
    expect(() => DNA.fromPyGlove({ _type: 'x', format: 'compact', value: 1 })).toThrow('_type must be "pyglove.core.geno.base.DNA"');
    expect(() => DNA.fromPyGlove({ _type: 'pyglove.core.geno.base.DNA', format: 'full', value: 1 })).toThrow('only the compact format');
    expect(() => DNA.fromPyGlove({ _type: 'pyglove.core.geno.base.DNA', format: 'compact', value: 5 }, spec)).toThrow(
      /^a: candidate index 5 out of range/,
    );
    expect(() => DNA.fromPyGlove({ _type: 'pyglove.core.geno.base.DNA', format: 'compact', value: [{}] })).toThrow(SymbolicError);
  });
});

describe('format(dnaSpec)', () => {
  it('prints a readable tree of decision points and candidates', () => {
    const spec = dnaSpec({
      a: oneOf([1, { e: oneOf([4, 5]) }], { name: 'width' }),
      ops: manyOf(2, ['x', 'y', 'z'], { sorted: true }),
      lr: floatValue(0.1, 1, { scale: 'log' }),
    });
    expect(format(spec)).toBe(
      [
        'DNASpec(infinite size, 4 decision points,',
        '  a (width): oneOf of 2',
        '    [0] 1',
        '    [1] {e: OneOf(candidates=[4, 5])}',
        '      a[=1/2].e: oneOf of 2',
        '        [0] 4',
        '        [1] 5',
        '  ops: manyOf 2 of 3 (distinct, sorted)',
        "    [0] 'x'",
        "    [1] 'y'",
        "    [2] 'z'",
        '  lr: float in [0.1, 1] (log)',
        ')',
      ].join('\n'),
    );
    expect(String(dnaSpec({}))).toBe('DNASpec(size 1, no decision points)');
  });
});
