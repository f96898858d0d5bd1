/** `--algo` names: each is the name its study stores; 0.2.0's spellings still resolve. */
import { describe, expect, it } from 'vitest';
import { ALGORITHMS, CliError, makeAlgorithm } from '@tsglove/cli';

describe('CLI algorithm names', () => {
  it('are the names the algorithms store (except the evolution preset)', () => {
    for (const name of ALGORITHMS) {
      const stored = makeAlgorithm(name, 3).name;
      expect(stored).toBe(name === 'evolution' ? 'regularizedEvolution' : name);
    }
  });

  it.each([
    ['regularized-evolution', 'regularizedEvolution'],
    ['hill-climb', 'hillClimb'],
    ['cma-es', 'cmaES'],
  ])('accepts the old spelling %s for %s', (old, name) => {
    expect(ALGORITHMS).not.toContain(old);
    expect(makeAlgorithm(old, 1).name).toBe(name);
  });

  it('names the choices for an unknown name', () => {
    expect(() => makeAlgorithm('annealing', 0)).toThrow(CliError);
    expect(() => makeAlgorithm('annealing', 0)).toThrow(/unknown algorithm "annealing"; choose one of evolution, regularizedEvolution/);
  });
});
