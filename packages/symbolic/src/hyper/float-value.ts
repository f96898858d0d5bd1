/**
 * `floatValue(min, max, { scale })`: a continuous decision in [min, max]. The scale tells samplers
 * how to spread values: `linear`, `log` (dense near min) or `rlog` (dense near max).
 */
import { symbolic, type ConstructOptions } from '../object.js';
import type { FloatSpec } from '../core-specs.js';
import { t } from '../t.js';
import { report, type Hyper, type Loc, type ValidationContext, type ValueSpec } from '../value-spec.js';
import { SymbolicError } from '../errors.js';
import { registerClass } from '../registry.js';
import { markHyper, type HyperOptions } from './base.js';
import { dynamicDecide } from './dynamic-hook.js';

/** How a float decision is sampled. */
export type FloatScale = 'linear' | 'log' | 'rlog';

const FloatValueBase = symbolic('tsglove.floatValue', {
  min: t.float(),
  max: t.float(),
  scale: t.enum(['linear', 'log', 'rlog']).default('linear'),
  name: t.str().optional(),
  hints: t.any().optional(),
});

/** A continuous decision (see {@link floatValue}). */
export class FloatValue extends FloatValueBase {
  constructor(init: { min: number; max: number; scale?: FloatScale; name?: string; hints?: unknown }, options?: ConstructOptions) {
    const where = init.name ? ` (${init.name})` : '';
    // A clone passes a trusted init without the fields (its values are already checked).
    const given = init.min !== undefined || init.max !== undefined;
    if (given && (!(Number.isFinite(init.min) && Number.isFinite(init.max)) || init.min > init.max)) {
      throw new SymbolicError(`floatValue${where}: need finite min <= max, got [${init.min}, ${init.max}]`);
    }
    if (given && (init.scale === 'log' || init.scale === 'rlog') && init.min <= 0) {
      throw new SymbolicError(`floatValue${where}: ${init.scale} scale needs min > 0, got ${init.min}`);
    }
    super(init as never, options);
  }
  /** The field must take floats covering [min, max]. */
  checkAgainst(spec: ValueSpec, loc: Loc | null, ctx: ValidationContext): void {
    if (spec.kind === 'any') return;
    if (spec.kind === 'union') {
      for (const member of (spec as unknown as { members: ValueSpec[] }).members) {
        if (member.kind === 'float' || member.kind === 'any') return this.checkAgainst(member, loc, ctx);
      }
    }
    if (spec.kind !== 'float') {
      report(ctx, loc, 'type', `expected ${spec.describeType()}, got floatValue(${this.min}, ${this.max})`);
      return;
    }
    const f = spec as FloatSpec;
    if ((f.min !== undefined && this.min < f.min) || (f.max !== undefined && this.max > f.max)) {
      report(ctx, loc, 'range', `expected ${f.describeType()}, got floatValue(${this.min}, ${this.max})`);
    }
  }
}
markHyper(FloatValue);
registerClass('tsglove.floatValue', FloatValue as never);

/** A float decision in [min, max] (see the module comment). */
export function floatValue(min: number, max: number, options: HyperOptions & { scale?: FloatScale } = {}): number & Hyper<number> {
  const decided = dynamicDecide('floatValue', { min, max, ...options });
  if (decided.active) return decided.value as number & Hyper<number>;
  return new FloatValue({ min, max, ...options }) as unknown as number & Hyper<number>;
}
