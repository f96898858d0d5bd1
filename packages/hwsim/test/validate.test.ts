/**
 * Op validation, derived from the op descriptions (`OP_FIELDS`), accepts exactly what a reference
 * written by hand from the documented contract accepts, and every rejection names a field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HwsimValidationError, validateOp, type Op } from '@tsglove/hwsim';

const i1 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const pad = (v: unknown): boolean => v === undefined || v === 'valid' || v === 'same';

/** The contract of `ops.ts`, written out field by field (the reference the derived check must match). */
function reference(o: Op): boolean {
  const op = o as unknown as Record<string, unknown> & Op;
  if (op === null || typeof op !== 'object' || typeof op.name !== 'string') return false;
  const fits = (h: number, w: number): boolean => op.padding === 'same' || (h <= (op.ifmapH as number) && w <= (op.ifmapW as number));
  switch (op.kind) {
    case 'conv2d':
      return (
        [op.ifmapH, op.ifmapW, op.filterH, op.filterW, op.channels, op.stride, op.numFilters].every(i1) &&
        (op.groups === undefined || (i1(op.groups) && op.channels % op.groups === 0 && op.numFilters % op.groups === 0)) &&
        pad(op.padding) &&
        fits(op.filterH, op.filterW)
      );
    case 'depthwise':
      return (
        [op.ifmapH, op.ifmapW, op.filterH, op.filterW, op.channels, op.stride].every(i1) &&
        (op.multiplier === undefined || i1(op.multiplier)) &&
        pad(op.padding) &&
        fits(op.filterH, op.filterW)
      );
    case 'matmul':
      return [op.m, op.k, op.n].every(i1);
    case 'elementwise':
      return (
        typeof op.fn === 'string' &&
        i1(op.elements) &&
        (op.inputs === undefined || i1(op.inputs)) &&
        (op.opsPerElement === undefined ||
          (typeof op.opsPerElement === 'number' && Number.isFinite(op.opsPerElement) && op.opsPerElement >= 0))
      );
    case 'pool':
      return (
        (op.mode === 'max' || op.mode === 'avg' || op.mode === 'global') &&
        [op.ifmapH, op.ifmapW, op.channels, op.windowH, op.windowW, op.stride].every(i1) &&
        pad(op.padding) &&
        (op.mode === 'global' || fits(op.windowH, op.windowW))
      );
    default:
      return false;
  }
}

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

/** Whether validateOp accepts; a rejection must name a field of the op. */
function accepts(op: Op): boolean {
  try {
    validateOp(op, 'op');
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(HwsimValidationError);
    expect((error as HwsimValidationError).path).toMatch(/^op\.[a-zA-Z]+$/);
    expect((error as Error).message).toMatch(/^op\.[a-zA-Z]+: (expected .+, got |missing required value)/);
    return false;
  }
}

describe('op validation', () => {
  it('accepts exactly what the contract allows, on random (mostly invalid) ops', () => {
    fc.assert(
      fc.property(anyOp, (op) => {
        expect(accepts(op)).toBe(reference(op));
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
        expect(accepts(op as Op)).toBe(reference(op as Op));
      }),
      { numRuns: 1000 },
    );
  });
});
