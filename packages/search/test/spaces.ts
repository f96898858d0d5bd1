/** Spaces and rewards shared by the search tests. */
import { dnaSpec, floatValue, manyOf, oneOf, permutate, trace, type DNA, type DNASpec } from '@tsglove/symbolic';

/** A conditional space with every kind of decision: nested choices, k-of-n, orderings, floats. */
export function mixedSpace(): unknown {
  return {
    op: oneOf([{ kind: 'conv', kernel: oneOf([1, 3, 5]), width: floatValue(0.25, 2) }, { kind: 'pool', size: oneOf([2, 3]) }, 'identity']),
    skips: manyOf(2, [0, 1, 2, 3]),
    sortedPick: manyOf(2, ['a', 'b', 'c', 'd'], { sorted: true }),
    order: permutate(['x', 'y', 'z']),
    lr: floatValue(1e-4, 1e-1, { scale: 'log' }),
    depth: oneOf([1, 2, 3, 4], { hints: { mutationWeight: 2 } }),
  };
}

/** A finite conditional space (grid search needs one). */
export function finiteSpace(): unknown {
  return {
    a: oneOf([{ b: oneOf([1, 2]) }, 'leaf', { c: manyOf(2, [0, 1, 2]) }]),
    d: oneOf([0, 1, 2, 3]),
    e: permutate([0, 1, 2]),
  };
}

export function mixedSpec(): DNASpec {
  return dnaSpec(mixedSpace());
}
export function finiteSpec(): DNASpec {
  return dnaSpec(finiteSpace());
}

/** A deterministic reward of a DNA (a smooth-ish function of its numbers). */
export function rewardOf(dna: DNA): number {
  const nums = dna.toNumbers();
  let r = 0;
  nums.forEach((v, i) => (r += Math.sin(v * (i + 1.3)) + v / (i + 2)));
  return r;
}

/** A two-objective reward. */
export function rewardsOf(dna: DNA): [number, number] {
  const r = rewardOf(dna);
  return [r, -Math.abs(r - 1) + dna.toNumbers().length * 0.01];
}

/** The spec of a define-by-run program with a conditional choice among functions. */
export function dynamicSpec(): DNASpec {
  const program = (): unknown => {
    const block = oneOf([() => ({ conv: oneOf([3, 5]), width: floatValue(0.5, 1) }), () => ({ pool: oneOf([2, 3, 4]) })]);
    return { block, depth: oneOf([1, 2, 3]) };
  };
  return trace(program).dnaSpec;
}
