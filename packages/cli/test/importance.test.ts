/**
 * Parameter importance (permutation importance over a random forest) on synthetic objectives whose
 * important parameters are known: it must rank them first and give the irrelevant ones (almost) nothing.
 */
import { describe, expect, it } from 'vitest';
import { floatValue, oneOf } from '@tsglove/symbolic';
import { random, sample } from '@tsglove/search';
import { paramImportance } from '../src/dashboard/importance.js';

const space = () => ({
  lr: floatValue(0, 1, { name: 'lr' }),
  act: oneOf(['relu', 'swish', 'gelu'], { name: 'act' }),
  width: oneOf([16, 32, 64, 128], { name: 'width' }),
  noise1: floatValue(0, 1, { name: 'noise1' }),
  noise2: oneOf(['a', 'b', 'c'], { name: 'noise2' }),
  noise3: floatValue(-5, 5, { name: 'noise3' }),
});

describe('paramImportance', () => {
  it('finds the parameters a synthetic objective depends on, in order of their effect', async () => {
    // reward = 10·lr (range 10) + 4·[act = swish] (range 4) + 0·everything else
    const study = await sample(space(), random({ seed: 7 }), { numExamples: 400 }).run((e) => 10 * e.lr + (e.act === 'swish' ? 4 : 0));
    const result = paramImportance(await study.trials(), { seed: 1 })!;
    const by = Object.fromEntries(result.params.map((p) => [p.name, p.importance]));
    console.log('importance (synthetic: 10·lr + 4·[act=swish]):', JSON.stringify(by), 'held-out R²', result.r2.toFixed(3));
    expect(result.params.map((p) => p.name).slice(0, 2)).toEqual(['lr', 'act']);
    expect(by.lr! + by.act!).toBeGreaterThan(0.95);
    for (const n of ['width', 'noise1', 'noise2', 'noise3']) expect(by[n]).toBeLessThan(0.03);
    // For additive terms, shuffling a term adds 2·Var(term) to the error: Var(10·lr) = 100/12 = 8.33 and
    // Var(4·[act = swish]) = 16·(1/3)(2/3) = 3.56, so the exact shares are 0.70 and 0.30.
    expect(by.lr).toBeCloseTo(0.7, 0);
    expect(Math.abs(by.lr! - 0.7)).toBeLessThan(0.1);
    expect(Math.abs(by.act! - 0.3)).toBeLessThan(0.1);
    expect(result.r2).toBeGreaterThan(0.8);
    expect(result.trials).toBe(400);
    const sum = result.params.reduce((a, p) => a + p.importance, 0);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('an interaction: importance goes to both parameters of a product, none to the rest', async () => {
    const study = await sample(space(), random({ seed: 8 }), { numExamples: 400 }).run((e) => (e.width / 128) * e.lr * 10);
    const result = paramImportance(await study.trials(), { seed: 2 })!;
    const names = result.params.map((p) => p.name);
    console.log('importance (synthetic: width·lr):', JSON.stringify(result.params.map((p) => [p.name, Number(p.importance.toFixed(3))])));
    expect(new Set(names.slice(0, 2))).toEqual(new Set(['width', 'lr']));
    expect(result.params[0]!.importance + result.params[1]!.importance).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed, and says nothing with too few trials', async () => {
    const study = await sample(space(), random({ seed: 9 }), { numExamples: 60 }).run((e) => e.lr);
    const trials = await study.trials();
    expect(paramImportance(trials, { seed: 3 })).toEqual(paramImportance(trials, { seed: 3 }));
    expect(paramImportance(trials.slice(0, 5))).toBeUndefined();
  });
});
