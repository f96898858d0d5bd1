// Conditional define-by-run spaces: choices among functions whose own decisions exist only when chosen.
import { describe, expect, it } from 'vitest';
import { DynamicEvaluationContext, SymbolicError, floatValue, manyOf, oneOf, iterate } from '@tsglove/symbolic';

const model = (): [string, string[]] => {
  const width = oneOf([16, 32], { name: 'width' });
  const block = oneOf([() => `conv(k=${oneOf([3, 5])}, w=${width})`, () => `pool(${oneOf(['max', 'avg'])})`, 'identity']);
  const extras = manyOf(2, [() => `se(${floatValue(0.1, 0.5)})`, 'dropout', 'bn']);
  return [block, extras];
};

describe('dynamic evaluation with function candidates', () => {
  it('collects nested decisions as sub-spaces of their candidate', () => {
    const ctx = new DynamicEvaluationContext();
    expect(ctx.collect(model)).toEqual(['conv(k=3, w=16)', ['se(0.1)', 'dropout']]);
    expect(ctx.dnaSpec.decisionPoints.map((p) => p.id)).toEqual([
      'width',
      'decision_0',
      'decision_0[=0/3].decision_1', // one counter for the whole program, as PyGlove numbers them
      'decision_0[=1/3].decision_2',
      'decision_3',
      'decision_3[=0/3].decision_4',
    ]);
  });

  it('runs only the chosen function under apply, with its own decisions', () => {
    const ctx = new DynamicEvaluationContext();
    ctx.collect(model);
    // width=32, block=pool with avg, extras = [bn, se(0.25)]
    expect(ctx.apply([1, 1, 1, 2, 0, 0.25], model)).toEqual(['pool(avg)', ['bn', 'se(0.25)']]);
    // identity has no sub-decisions: its numbers are just its index
    expect(ctx.apply([0, 2, 1, 2], model)).toEqual(['identity', ['dropout', 'bn']]);
    let calls = 0;
    const counting = (): string => oneOf([() => (calls++, 'a'), () => 'b']);
    const c2 = new DynamicEvaluationContext();
    c2.collect(counting);
    calls = 0;
    expect(c2.apply([1], counting)).toBe('b');
    expect(calls).toBe(0);
  });

  it('enumerates a finite conditional space in grid order', () => {
    const ctx = new DynamicEvaluationContext();
    const fn = (): string => oneOf([() => `a${oneOf([1, 2])}`, () => 'b']);
    ctx.collect(fn);
    expect(ctx.dnaSpec.spaceSize).toBe(3);
    const all: string[] = [];
    for (const decided of iterate(ctx.decisions)) all.push(ctx.apply(decided as Record<string, unknown>, fn));
    expect(all).toEqual(['a1', 'a2', 'b']);
  });

  it('rejects DNA that does not fit, naming the decision', () => {
    const ctx = new DynamicEvaluationContext();
    ctx.collect(model);
    expect(() => ctx.apply([0, 3], model)).toThrow(SymbolicError);
    expect(() => ctx.apply([0, 3], model)).toThrow('decision_0: candidate index 3 out of range [0, 3)');
  });
});
