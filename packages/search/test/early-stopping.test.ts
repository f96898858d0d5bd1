/** Early-stopping policies and their combinators, alone and through a study. */
import { describe, expect, it } from 'vitest';
import { oneOf } from '@tsglove/symbolic';
import {
  SearchError,
  Study,
  and,
  medianStopping,
  not,
  or,
  random,
  stopByRank,
  stopByValue,
  successiveHalving,
  type TrialProgress,
} from '../src/index.js';

/** A trial with rewards at steps 1, 2, 3, ... */
function trial(id: number, rewards: number[], status: TrialProgress['status'] = 'completed'): TrialProgress {
  return { id, status, measurements: rewards.map((reward, i) => ({ step: i + 1, reward, time: 0 })) };
}

describe('medianStopping', () => {
  const peers = [trial(1, [0.5, 0.6, 0.7]), trial(2, [0.3, 0.4, 0.5]), trial(3, [0.4, 0.5, 0.6])];
  it('stops below the median of peers at the same step', () => {
    const p = medianStopping();
    expect(p.shouldStop(trial(4, [0.35]), peers)).toBe(true); // median at step 1 is 0.4
    expect(p.shouldStop(trial(4, [0.45]), peers)).toBe(false);
    expect(p.shouldStop(trial(4, [0.45, 0.45]), peers)).toBe(true); // median at step 2 is 0.5
  });
  it('waits for minSteps and minPeers', () => {
    expect(medianStopping({ minSteps: 2 }).shouldStop(trial(4, [0.1]), peers)).toBe(false);
    expect(medianStopping({ minPeers: 4 }).shouldStop(trial(4, [0.1]), peers)).toBe(false);
    expect(medianStopping().shouldStop(trial(4, []), peers)).toBe(false);
  });
});

describe('successiveHalving (ASHA)', () => {
  it('keeps the top 1/eta at each rung', () => {
    const p = successiveHalving({ minStep: 1, reductionFactor: 2 });
    const peers = [trial(1, [0.9, 0.9]), trial(2, [0.2, 0.2]), trial(3, [0.5, 0.5])];
    // Rung 1: values 0.9, 0.2, 0.5 + mine; keep floor(4/2) = 2.
    expect(p.shouldStop(trial(4, [0.6]), peers)).toBe(false);
    expect(p.shouldStop(trial(4, [0.4]), peers)).toBe(true);
    // Rung 2 (step 2): three peers reached it too.
    expect(p.shouldStop(trial(4, [0.6, 0.6]), peers)).toBe(false);
  });
  it('lets the first trials through and validates options', () => {
    expect(successiveHalving().shouldStop(trial(1, [0.1, 0.1, 0.1]), [])).toBe(false);
    expect(() => successiveHalving({ reductionFactor: 1 })).toThrow(SearchError);
  });
});

describe('schedules', () => {
  it('stopByValue gates on the reward at a step', () => {
    const p = stopByValue([{ step: 2, minReward: 0.5 }]);
    expect(p.shouldStop(trial(1, [0.1]), [])).toBe(false); // not at the gate yet
    expect(p.shouldStop(trial(1, [0.1, 0.4]), [])).toBe(true);
    expect(p.shouldStop(trial(1, [0.1, 0.6, 0.1]), [])).toBe(false); // judged at step 2
  });
  it('stopByRank gates on rank or fraction among trials at a step', () => {
    const peers = [trial(1, [0.9]), trial(2, [0.8]), trial(3, [0.1])];
    expect(stopByRank([{ step: 1, maxRank: 2 }]).shouldStop(trial(4, [0.85]), peers)).toBe(false);
    expect(stopByRank([{ step: 1, maxRank: 2 }]).shouldStop(trial(4, [0.5]), peers)).toBe(true);
    expect(stopByRank([{ step: 1, maxFraction: 0.75 }]).shouldStop(trial(4, [0.5]), peers)).toBe(false);
    expect(stopByRank([{ step: 1, maxRank: 1, minTrials: 5 }]).shouldStop(trial(4, [0.5]), peers)).toBe(false);
    expect(() => stopByRank([{ step: 1 }])).toThrow(/exactly one of maxRank and maxFraction/);
  });
});

describe('combinators', () => {
  const low = stopByValue([{ step: 1, minReward: 0.5 }]);
  const ranked = stopByRank([{ step: 1, maxRank: 1 }]);
  const peers = [trial(1, [0.9])];
  it('and / or / not', () => {
    const t = trial(2, [0.6]); // not low, but not first
    expect(low.shouldStop(t, peers)).toBe(false);
    expect(ranked.shouldStop(t, peers)).toBe(true);
    expect(low.and(ranked).shouldStop(t, peers)).toBe(false);
    expect(and(low, ranked).shouldStop(trial(2, [0.4]), peers)).toBe(true);
    expect(low.or(ranked).shouldStop(t, peers)).toBe(true);
    expect(or(low).shouldStop(t, peers)).toBe(false);
    expect(not(low).shouldStop(t, peers)).toBe(true);
    expect(low.not().name).toMatch(/^not stopByValue/);
  });
});

describe('feedback.shouldStop() in a study', () => {
  it('asks the policy with the study trials as peers', async () => {
    const study = await Study.create({ x: oneOf([1, 2, 3]) }, random({ seed: 1 }), { earlyStopping: medianStopping({ minPeers: 2 }) });
    for (const r of [0.8, 0.9]) {
      const fb = await study.ask();
      await fb.addMeasurement({ step: 1, reward: r });
      await fb.report();
    }
    const weak = await study.ask();
    await weak.addMeasurement({ step: 1, reward: 0.1 });
    expect(await weak.shouldStop()).toBe(true);
    const strong = await study.ask();
    await strong.addMeasurement({ step: 1, reward: 0.95 });
    expect(await strong.shouldStop()).toBe(false);
    const none = await Study.create({ x: oneOf([1, 2]) }, random());
    expect(await (await none.ask()).shouldStop()).toBe(false);
  });
});
