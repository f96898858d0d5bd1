// sample(dnaSpec, ...) searches a bare DNASpec (PyGlove's pg.sample(dna_spec, ...)): the examples are DNA.
import { describe, expect, it } from 'vitest';
import { DNA, dnaSpec, oneOf, floatValue, manyOf } from '@tsglove/symbolic';
import { sample, regularizedEvolution, grid, random } from '@tsglove/search';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('sample over a bare DNASpec', () => {
  const spec = dnaSpec({ a: oneOf([1, 2, 3]), b: manyOf(2, ['x', 'y', 'z'], { sorted: true }), lr: floatValue(0.1, 1) });

  it('yields DNA of the spec, which the algorithm learns from', async () => {
    const seen: DNA[] = [];
    for await (const [dna, feedback] of sample(spec, regularizedEvolution({ seed: 3, populationSize: 8, tournamentSize: 3 }), {
      numExamples: 30,
    })) {
      expect(dna).toBeInstanceOf(DNA);
      spec.validate(dna);
      seen.push(dna);
      await feedback.report((dna.children[0]!.value as number) + (dna.children[2]!.value as number));
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen.map((d) => d.key())).size).toBeGreaterThan(5);
  });

  it('enumerates a finite spec in grid order', async () => {
    const finite = dnaSpec({ a: oneOf([1, 2, 3]), b: oneOf(['x', 'y']) });
    const numbers: number[][] = [];
    for await (const [dna, feedback] of sample(finite, grid())) {
      numbers.push(dna.toNumbers());
      await feedback.report(0);
    }
    expect(numbers).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
    ]);
  });

  it('stores a DNASpec study and resumes it', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'tsglove-dnaspec-')), 'spec.db');
    const first = await sample(spec, random({ seed: 1 }), { numExamples: 5, storage: `sqlite:${db}`, name: 'bare' }).run(
      async (dna) => dna.toNumbers()[0]!,
    );
    expect(first.numCompleted).toBe(5);
    const resumed = await sample(spec, random({ seed: 1 }), { numExamples: 8, storage: `sqlite:${db}`, name: 'bare' }).run(
      async (dna) => dna.toNumbers()[0]!,
    );
    expect(resumed.numCompleted).toBe(8);
    expect((await resumed.trials()).every((t) => t.status === 'completed')).toBe(true);
  });
});
