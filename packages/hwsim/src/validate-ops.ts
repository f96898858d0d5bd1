/**
 * Validation of ops (the contract in `ops.ts`) with messages naming the field, e.g.
 * `ops[3].filterH: expected <= ifmapH (3) with valid padding, got 5`. Paths are only built when a
 * check fails, so validating is cheap on the hot path of `estimate`.
 */
import { HwsimValidationError } from './errors.js';
import type { Op, Padding } from './ops.js';

const KINDS: readonly string[] = ['conv2d', 'depthwise', 'matmul', 'pool', 'elementwise'];
const POOL_MODES: readonly string[] = ['max', 'avg', 'global'];

/** Output size of a windowed op along one axis (see `ops.ts`). */
export function outSize(input: number, window: number, stride: number, padding: Padding | undefined): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.ceil((input - window + stride) / stride);
}

type Fields = Record<string, unknown>;

function fail(path: string, key: string, expected: string, value: unknown): never {
  throw new HwsimValidationError(`${path}.${key}`, expected, value);
}

function int(op: Fields, key: string, min: number, path: string, optional = false): void {
  const v = op[key];
  if (optional && v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(path, key, `expected int >= ${min}`, v);
}

function oneOf(op: Fields, key: string, allowed: readonly string[], path: string, optional = false): void {
  const v = op[key];
  if (optional && v === undefined) return;
  if (typeof v !== 'string' || !allowed.includes(v)) fail(path, key, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v);
}

function windowFits(op: Fields, path: string, hKey: string, wKey: string): void {
  if (op.padding === 'same') return;
  if ((op[hKey] as number) > (op.ifmapH as number)) fail(path, hKey, `expected <= ifmapH (${op.ifmapH}) with valid padding`, op[hKey]);
  if ((op[wKey] as number) > (op.ifmapW as number)) fail(path, wKey, `expected <= ifmapW (${op.ifmapW}) with valid padding`, op[wKey]);
}

const PADDINGS: readonly string[] = ['valid', 'same'];

const i1 = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const pad = (v: unknown): boolean => v === undefined || v === 'valid' || v === 'same';

/**
 * Fast acceptance test with direct property reads: true exactly for well-formed ops (anything it
 * rejects goes through the full check, which names the offending field). Internal; exported for
 * the test that checks it agrees with {@link fullValidate}.
 */
export function quickValid(op: Op): boolean {
  if (op === null || typeof op !== 'object' || typeof op.name !== 'string') return false;
  switch (op.kind) {
    case 'conv2d':
      return (
        i1(op.ifmapH) &&
        i1(op.ifmapW) &&
        i1(op.filterH) &&
        i1(op.filterW) &&
        i1(op.channels) &&
        i1(op.stride) &&
        i1(op.numFilters) &&
        (op.groups === undefined ||
          op.groups === 1 ||
          (i1(op.groups) && op.channels % op.groups === 0 && op.numFilters % op.groups === 0)) &&
        pad(op.padding) &&
        (op.padding === 'same' || (op.filterH <= op.ifmapH && op.filterW <= op.ifmapW))
      );
    case 'depthwise':
      return (
        i1(op.ifmapH) &&
        i1(op.ifmapW) &&
        i1(op.filterH) &&
        i1(op.filterW) &&
        i1(op.channels) &&
        i1(op.stride) &&
        (op.multiplier === undefined || i1(op.multiplier)) &&
        pad(op.padding) &&
        (op.padding === 'same' || (op.filterH <= op.ifmapH && op.filterW <= op.ifmapW))
      );
    case 'matmul':
      return i1(op.m) && i1(op.k) && i1(op.n);
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
        i1(op.ifmapH) &&
        i1(op.ifmapW) &&
        i1(op.channels) &&
        (op.mode === 'global' ||
          (i1(op.windowH) &&
            i1(op.windowW) &&
            i1(op.stride) &&
            pad(op.padding) &&
            (op.padding === 'same' || (op.windowH <= op.ifmapH && op.windowW <= op.ifmapW))))
      );
    default:
      return false;
  }
}

/** Throws {@link HwsimValidationError} unless `op` is a well-formed op; `path` prefixes messages. */
export function validateOp(op: Op, path: string): void {
  if (quickValid(op)) return;
  fullValidate(op, path);
}

/** The field-by-field check behind {@link validateOp}. Internal. */
export function fullValidate(op: Op, path: string): void {
  if (op === null || typeof op !== 'object') throw new HwsimValidationError(path, 'expected an op object', op);
  const f = op as unknown as Fields;
  oneOf(f, 'kind', KINDS, path);
  if (typeof op.name !== 'string') fail(path, 'name', 'expected a string', op.name);
  switch (op.kind) {
    case 'conv2d':
    case 'depthwise':
      int(f, 'ifmapH', 1, path);
      int(f, 'ifmapW', 1, path);
      int(f, 'filterH', 1, path);
      int(f, 'filterW', 1, path);
      int(f, 'channels', 1, path);
      int(f, 'stride', 1, path);
      oneOf(f, 'padding', PADDINGS, path, true);
      if (op.kind === 'conv2d') {
        int(f, 'numFilters', 1, path);
        int(f, 'groups', 1, path, true);
        const g = op.groups ?? 1;
        if (op.channels % g !== 0) fail(path, 'groups', `expected a divisor of channels (${op.channels})`, g);
        if (op.numFilters % g !== 0) fail(path, 'groups', `expected a divisor of numFilters (${op.numFilters})`, g);
      } else {
        int(f, 'multiplier', 1, path, true);
      }
      windowFits(f, path, 'filterH', 'filterW');
      return;
    case 'matmul':
      int(f, 'm', 1, path);
      int(f, 'k', 1, path);
      int(f, 'n', 1, path);
      return;
    case 'pool':
      oneOf(f, 'mode', POOL_MODES, path);
      int(f, 'ifmapH', 1, path);
      int(f, 'ifmapW', 1, path);
      int(f, 'channels', 1, path);
      if (op.mode !== 'global') {
        int(f, 'windowH', 1, path);
        int(f, 'windowW', 1, path);
        int(f, 'stride', 1, path);
        oneOf(f, 'padding', PADDINGS, path, true);
        windowFits(f, path, 'windowH', 'windowW');
      }
      return;
    case 'elementwise': {
      if (typeof op.fn !== 'string') fail(path, 'fn', 'expected a string', op.fn);
      int(f, 'elements', 1, path);
      int(f, 'inputs', 1, path, true);
      const o = op.opsPerElement;
      if (o !== undefined && (typeof o !== 'number' || !Number.isFinite(o) || o < 0))
        fail(path, 'opsPerElement', 'expected a finite number >= 0', o);
      return;
    }
  }
}
