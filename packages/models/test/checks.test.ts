/** The one helper module for argument checks speaks the symbolic specs' messages and throws ModelsError. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { t } from '@tsglove/symbolic';
import { checkAbove, checkArg, checkInt, checkNumber, ModelsError } from '../src/index.js';

describe('argument checks', () => {
  it('name the path and say what was expected and what came', () => {
    expect(() => checkInt(0, 'units')).toThrow(/^units: expected int >= 1, got 0$/);
    expect(() => checkInt(2.5, 'steps', 0)).toThrow(/^steps: expected int >= 0, got 2\.5$/);
    expect(() => checkNumber(1, 'momentum', 0, 1, true)).toThrow(/^momentum: expected float in \[0, 1\), got 1$/);
    expect(() => checkNumber(-1, 'weightDecay', 0)).toThrow(/^weightDecay: expected float >= 0, got -1$/);
    expect(() => checkArg(t.enum(['a', 'b'] as const), 'c', 'mode')).toThrow(ModelsError);
    expect(checkNumber(0.9, 'momentum', 0, 1, true)).toBe(0.9);
    expect(() => checkInt(12, 'classes[0]', 0, 9)).toThrow(/^classes\[0\]: expected int in \[0, 9\], got 12$/);
    expect(checkInt(9, 'classes[0]', 0, 9)).toBe(9);
    expect(() => checkAbove(0, 'sigma', 0)).toThrow(/^sigma: expected float > 0, got 0$/);
    expect(() => checkAbove(Number.NaN, 'sigma', 0)).toThrow(/^sigma: expected float > 0, got NaN$/);
    expect(() => checkAbove('2', 'sigma', 0)).toThrow(/^sigma: expected float, got "2"$/);
    expect(() => checkAbove(1, 'mainShare', 0, 1, true)).toThrow(/^mainShare: expected float in \(0, 1\), got 1$/);
    expect(() => checkAbove(3, 'share', 0, 2)).toThrow(/^share: expected float in \(0, 2\], got 3$/);
    expect(checkAbove(2, 'share', 0, 2)).toBe(2);
  });

  it('checkAbove accepts exactly the numbers in (min, max) or (min, max]', () => {
    fc.assert(
      fc.property(fc.double(), fc.double({ noNaN: true }), fc.double({ min: 0, noNaN: true }), fc.boolean(), (v, min, width, maxOpen) => {
        const max = min + width;
        const ok = (() => {
          try {
            checkAbove(v, 'x', min, max, maxOpen);
            return true;
          } catch (error) {
            expect(error).toBeInstanceOf(ModelsError);
            return false;
          }
        })();
        expect(ok).toBe(v > min && (maxOpen ? v < max : v <= max));
      }),
    );
  });

  it('accept exactly the values their spec accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -3, max: 3 })), fc.integer({ min: -1, max: 2 }), (v, min) => {
        const ok = (() => {
          try {
            checkInt(v, 'x', min);
            return true;
          } catch {
            return false;
          }
        })();
        expect(ok).toBe(t.int({ min }).accepts(v));
      }),
    );
  });
});
