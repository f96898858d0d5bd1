/** The fast path of op validation accepts exactly what the field-by-field check accepts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullValidate, quickValid } from '../src/validate-ops.js';
import type { Op } from '@tsglove/hwsim';

const value = fc.oneof(
  fc.integer({ min: -2, max: 9 }),
  fc.constantFrom(0.5, NaN, Infinity, undefined, null, '3', 'same', 'valid', 'max', 'global', 'avg'),
);
const kind = fc.constantFrom('conv2d', 'depthwise', 'matmul', 'pool', 'elementwise', 'softmax');
const keys = [
  'ifmapH',
  'ifmapW',
  'filterH',
  'filterW',
  'channels',
  'numFilters',
  'stride',
  'groups',
  'padding',
  'multiplier',
  'm',
  'k',
  'n',
  'mode',
  'windowH',
  'windowW',
  'elements',
  'inputs',
  'opsPerElement',
];

const anyOp = fc
  .record({
    kind,
    name: fc.constantFrom('x', 3 as unknown as string),
    fn: fc.constantFrom('relu', undefined as unknown as string),
    fields: fc.array(value, { minLength: keys.length, maxLength: keys.length }),
  })
  .map(({ kind, name, fn, fields }) => {
    const op: Record<string, unknown> = { kind, name, fn };
    keys.forEach((k, i) => {
      if (fields[i] !== undefined) op[k] = fields[i];
    });
    return op as unknown as Op;
  });

function fullAccepts(op: Op): boolean {
  try {
    fullValidate(op, 'op');
    return true;
  } catch {
    return false;
  }
}

describe('op validation fast path', () => {
  it('quickValid(op) === full check passes, on random (mostly invalid) ops', () => {
    fc.assert(
      fc.property(anyOp, (op) => {
        expect(quickValid(op)).toBe(fullAccepts(op));
      }),
      { numRuns: 3000 },
    );
  });

  it('and on random valid ops', () => {
    const pos = fc.integer({ min: 1, max: 9 });
    const valid = fc.oneof(
      fc.record({
        kind: fc.constant('conv2d' as const),
        name: fc.constant('c'),
        ifmapH: pos,
        ifmapW: pos,
        filterH: pos,
        filterW: pos,
        channels: fc.constantFrom(4, 8),
        numFilters: fc.constantFrom(4, 8),
        stride: pos,
        groups: fc.constantFrom(1, 2, 4),
        padding: fc.constantFrom('same' as const, 'valid' as const),
      }),
      fc.record({
        kind: fc.constant('pool' as const),
        name: fc.constant('p'),
        mode: fc.constantFrom('max' as const, 'avg' as const, 'global' as const),
        ifmapH: pos,
        ifmapW: pos,
        channels: pos,
        windowH: pos,
        windowW: pos,
        stride: pos,
      }),
      fc.record({
        kind: fc.constant('elementwise' as const),
        name: fc.constant('e'),
        fn: fc.constant('add'),
        elements: pos,
        inputs: pos,
        opsPerElement: fc.double({ min: 0, max: 10, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(valid, (op) => {
        expect(quickValid(op as Op)).toBe(fullAccepts(op as Op));
      }),
      { numRuns: 1000 },
    );
  });
});
