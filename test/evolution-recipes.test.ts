/** Smoke test of examples/evolution-recipes.ts: each of the five algebra recipes runs on NAS-Bench-Macro and finds a good architecture. */
import { describe, expect, it } from 'vitest';
import { recipes, regretOf } from '../examples/evolution-recipes.js';

describe('evolution recipes gallery', () => {
  for (const [name, make] of Object.entries(recipes)) {
    it(`${name} runs and gets within 1 accuracy point of the best in 150 trials`, async () => {
      const regret = await regretOf(make, 150);
      expect(regret).toBeGreaterThanOrEqual(0);
      expect(regret).toBeLessThan(1);
    });
  }
});
