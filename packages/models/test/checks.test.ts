/** The one helper module for argument checks speaks the symbolic specs' messages and throws ModelsError. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { t } from '@tsglove/symbolic';
import { checkArg, checkInt, checkNumber, ModelsError } from '../src/index.js';

describe('argument checks', () => {
  it('name the path and say what was expected and what came', () => {
    expect(() => checkInt(0, 'units')).toThrow(/^units: expected int >= 1, got 0$/);
    expect(() => checkInt(2.5, 'steps', 0)).toThrow(/^steps: expected int >= 0, got 2\.5$/);
    expect(() => checkNumber(1, 'momentum', 0, 1, true)).toThrow(/^momentum: expected float in \[0, 1\), got 1$/);
    expect(() => checkNumber(-1, 'weightDecay', 0)).toThrow(/^weightDecay: expected float >= 0, got -1$/);
    expect(() => checkArg(t.enum(['a', 'b'] as const), 'c', 'mode')).toThrow(ModelsError);
    expect(checkNumber(0.9, 'momentum', 0, 1, true)).toBe(0.9);
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
