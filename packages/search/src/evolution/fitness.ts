/**
 * Evolution keeps each individual's reward in `dna.metadata.reward` (and its trial order in
 * `dna.metadata.order`); selectors read it from there.
 */
import type { DNA } from '@tsglove/symbolic';
import { SearchError } from '../errors.js';
import type { Reward } from '../generator.js';

/** The reward an individual got (throws if it has none). */
export function rewardOf(dna: DNA): Reward {
  const r = dna.metadata.reward as Reward | undefined;
  if (r === undefined)
    throw new SearchError('evolution: an individual has no reward in dna.metadata.reward (selectors need evaluated DNA)');
  return r;
}

/** The fitness (a number) of an individual: its reward, or its first objective. */
export function fitnessOf(dna: DNA): number {
  const r = rewardOf(dna);
  return typeof r === 'number' ? r : r[0]!;
}

/** A copy of `dna` carrying `reward` and `order` in its metadata. */
export function withReward(dna: DNA, reward: Reward, order: number): DNA {
  const copy = dna.clone();
  copy.metadata.reward = reward;
  copy.metadata.order = order;
  return copy;
}
