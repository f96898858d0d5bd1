/** NAS entry points check numeric arguments with the one vocabulary of `@tsglove/models` `checks.ts`. */
import { describe, expect, it } from 'vitest';
import { mobileNetV2Baseline, weightTraining } from '@tsglove/nas';

describe('numeric arguments of the NAS entry points', () => {
  it("name the argument and the range in the specs' words", () => {
    expect(() => weightTraining({ lr: -1 })).toThrow('lr: expected float >= 0, got -1');
    expect(() => weightTraining({ lr: Number.NaN })).toThrow(/^lr: /);
    expect(() => mobileNetV2Baseline(1.5)).toThrow('width: expected float in [0, 1], got 1.5');
    expect(() => mobileNetV2Baseline(0.5, { depth: 0 })).toThrow('depth: expected float >= 1, got 0');
  });

  it('accept the values in range, schedules and the default depth', () => {
    expect(weightTraining({ lr: 0 }).schedule(3)).toBe(0);
    expect(weightTraining({ lr: (step) => 1 / (step + 1) }).schedule(1)).toBe(0.5);
    expect(mobileNetV2Baseline(1)).toBeDefined();
    expect(mobileNetV2Baseline(0, { depth: 1 })).toBeDefined();
  });
});
