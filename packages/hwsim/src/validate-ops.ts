/**
 * Validation of ops (the contract in `ops.ts`) with messages naming the field, e.g.
 * `ops[3].filterH: expected <= ifmapH (3) with valid padding, got 5`.
 */
import { checkEnum, checkInt, checkPositive, HwsimValidationError } from './errors.js';
import type { Op, Padding } from './ops.js';

const KINDS = ['conv2d', 'depthwise', 'matmul', 'pool', 'elementwise'] as const;
const PADDINGS: readonly Padding[] = ['valid', 'same'];
const POOL_MODES = ['max', 'avg', 'global'] as const;

/** Output size of a windowed op along one axis (see `ops.ts`). */
export function outSize(input: number, window: number, stride: number, padding: Padding | undefined): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.ceil((input - window + stride) / stride);
}

function checkWindow(op: { ifmapH: number; ifmapW: number; padding?: Padding }, path: string, hKey: string, wKey: string, h: number, w: number): void {
  if ((op.padding ?? 'valid') === 'valid') {
    if (h > op.ifmapH) throw new HwsimValidationError(`${path}.${hKey}`, `expected <= ifmapH (${op.ifmapH}) with valid padding`, h);
    if (w > op.ifmapW) throw new HwsimValidationError(`${path}.${wKey}`, `expected <= ifmapW (${op.ifmapW}) with valid padding`, w);
  }
}

/** Throws {@link HwsimValidationError} unless `op` is a well-formed op; `path` prefixes messages. */
export function validateOp(op: Op, path: string): void {
  if (op === null || typeof op !== 'object') throw new HwsimValidationError(path, 'expected an op object', op);
  checkEnum(op.kind, `${path}.kind`, KINDS);
  if (typeof op.name !== 'string') throw new HwsimValidationError(`${path}.name`, 'expected a string', op.name);
  switch (op.kind) {
    case 'conv2d':
    case 'depthwise': {
      const c = op;
      checkInt(c.ifmapH, `${path}.ifmapH`, 1);
      checkInt(c.ifmapW, `${path}.ifmapW`, 1);
      checkInt(c.filterH, `${path}.filterH`, 1);
      checkInt(c.filterW, `${path}.filterW`, 1);
      checkInt(c.channels, `${path}.channels`, 1);
      checkInt(c.stride, `${path}.stride`, 1);
      if (c.padding !== undefined) checkEnum(c.padding, `${path}.padding`, PADDINGS);
      if (c.kind === 'conv2d') {
        checkInt(c.numFilters, `${path}.numFilters`, 1);
        const g = checkInt(c.groups ?? 1, `${path}.groups`, 1);
        if (c.channels % g !== 0) throw new HwsimValidationError(`${path}.groups`, `expected a divisor of channels (${c.channels})`, g);
        if (c.numFilters % g !== 0) throw new HwsimValidationError(`${path}.groups`, `expected a divisor of numFilters (${c.numFilters})`, g);
      } else {
        checkInt(c.multiplier ?? 1, `${path}.multiplier`, 1);
      }
      checkWindow(c, path, 'filterH', 'filterW', c.filterH, c.filterW);
      return;
    }
    case 'matmul':
      checkInt(op.m, `${path}.m`, 1);
      checkInt(op.k, `${path}.k`, 1);
      checkInt(op.n, `${path}.n`, 1);
      return;
    case 'pool':
      checkEnum(op.mode, `${path}.mode`, POOL_MODES);
      checkInt(op.ifmapH, `${path}.ifmapH`, 1);
      checkInt(op.ifmapW, `${path}.ifmapW`, 1);
      checkInt(op.channels, `${path}.channels`, 1);
      if (op.mode !== 'global') {
        checkInt(op.windowH, `${path}.windowH`, 1);
        checkInt(op.windowW, `${path}.windowW`, 1);
        checkInt(op.stride, `${path}.stride`, 1);
        if (op.padding !== undefined) checkEnum(op.padding, `${path}.padding`, PADDINGS);
        checkWindow(op, path, 'windowH', 'windowW', op.windowH, op.windowW);
      }
      return;
    case 'elementwise':
      if (typeof op.fn !== 'string') throw new HwsimValidationError(`${path}.fn`, 'expected a string', op.fn);
      checkInt(op.elements, `${path}.elements`, 1);
      checkInt(op.inputs ?? 1, `${path}.inputs`, 1);
      checkPositive(op.opsPerElement ?? 1, `${path}.opsPerElement`, true);
      return;
  }
}
