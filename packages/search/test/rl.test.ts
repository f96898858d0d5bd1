/** The RL controllers' policy: conditional parameters, log-probabilities, learning. */
import { describe, expect, it } from 'vitest';
import { dnaSpec, floatValue, manyOf, oneOf } from '@tsglove/symbolic';
import { Policy, ppo, reinforce, seededRandom, type PPO, type Reinforce } from '../src/index.js';

const space = { op: oneOf([{ k: oneOf([1, 2, 3]) }, { p: oneOf([1, 2, 3]) }]), x: floatValue(0, 1), pick: manyOf(2, [0, 1, 2, 3]) };
const spec = dnaSpec(space);

describe('Policy', () => {
  it('starts uniform: log π of any DNA is the sum of its active decisions’ uniform log-probs (plus the float density)', () => {
    const policy = new Policy(spec);
    const dna = spec.fromNumbers([0, 2, 0.5, 1, 3]);
    const gaussianAtMean = -Math.log(0.3) - 0.5 * Math.log(2 * Math.PI);
    expect(policy.logProb(dna)).toBeCloseTo(Math.log(1 / 2) + Math.log(1 / 3) + gaussianAtMean + Math.log(1 / 4) + Math.log(1 / 3), 10);
  });

  it('samples valid DNA with distinct k-of-n picks', () => {
    const policy = new Policy(spec);
    const random = seededRandom(1);
    for (let i = 0; i < 50; i++) spec.validate(policy.sample(random));
  });

  it('the gradient of log π is the softmax one; the branch not taken gets none', () => {
    const policy = new Policy(spec);
    const dna = spec.fromNumbers([1, 0, 0.7, 2, 0]);
    const g = new Map<string, Float64Array>();
    policy.logProb(dna, g);
    // d log softmax(l)[c] / d l_i = 1[i = c] - p_i; uniform p = 1/2 over the op choice, c = 1.
    expect([...g.get('op')!]).toEqual([-0.5, 0.5]);
    // The branch not taken has no gradient: its parameters are separate and inactive.
    expect(g.has('op[=0/2].k')).toBe(false);
    expect(g.has('op[=1/2].p')).toBe(true);
  });
});

describe.each([
  ['reinforce', (seed: number) => reinforce({ seed })],
  ['ppo', (seed: number) => ppo({ seed })],
] as const)('%s learns a conditional preference', (_name, make) => {
  it('prefers the rewarded branch and, inside it, the rewarded candidate', () => {
    const g = make(4) as Reinforce | PPO;
    g.setup(spec);
    for (let i = 0; i < 300; i++) {
      const dna = g.propose();
      const [op, inner] = dna.toNumbers();
      g.feedback(dna, op === 0 && inner === 2 ? 1 : 0);
    }
    expect(g.currentPolicy.choiceProbabilities('op')![0]).toBeGreaterThan(0.8);
    expect(g.currentPolicy.choiceProbabilities('op[=0/2].k')![2]).toBeGreaterThan(0.6);
  });
});
