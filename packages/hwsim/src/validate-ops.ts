/**
 * Validation of ops against their description in `ops.ts` ({@link OP_FIELDS}: one spec per field)
 * plus the few rules that relate two fields (a window fits its input, groups divide channels).
 * Messages name the field, e.g. `ops[3].filterH: expected <= ifmapH (3) with valid padding, got 5`.
 * The hot path of `estimate` runs one compiled test per op kind (`fieldsTester` of the kind's
 * fields: property reads and comparisons, no calls), then the rules; the path and message are
 * only built when a check fails, from the failing field's own spec.
 */
import { fieldsTester, type AnySpec } from '@tsglove/symbolic';
import { expected, HwsimValidationError } from './errors.js';
import { fieldError } from './fields.js';
import { OP_FIELDS, type Op, type Padding } from './ops.js';

/** Output size of a windowed op along one axis (see `ops.ts`). */
export function outSize(input: number, window: number, stride: number, padding: Padding | undefined): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.ceil((input - window + stride) / stride);
}

type Fields = Record<string, unknown>;
/** A broken rule: the field at fault and what it should be. */
type Broken = readonly [key: string, expected: string];

/** The window `h × w` fits the input unless the op pads ('same'). */
function windowFits(op: Fields, h: string, w: string): Broken | undefined {
  if (op.padding === 'same') return undefined;
  if ((op[h] as number) > (op.ifmapH as number)) return [h, `<= ifmapH (${op.ifmapH}) with valid padding`];
  if ((op[w] as number) > (op.ifmapW as number)) return [w, `<= ifmapW (${op.ifmapW}) with valid padding`];
  return undefined;
}

/** `op[key]` (default 1) divides `op[of]`. */
function divides(op: Fields, key: string, of: string): Broken | undefined {
  return (op[of] as number) % ((op[key] as number | undefined) ?? 1) !== 0 ? [key, `a divisor of ${of} (${op[of]})`] : undefined;
}

/** The first rule relating fields of an op (whose fields are each valid) that the op breaks. */
function brokenRule(op: Op): Broken | undefined {
  const fields = op as unknown as Fields;
  switch (op.kind) {
    case 'conv2d':
      return divides(fields, 'groups', 'channels') ?? divides(fields, 'groups', 'numFilters') ?? windowFits(fields, 'filterH', 'filterW');
    case 'depthwise':
      return windowFits(fields, 'filterH', 'filterW');
    case 'pool':
      return op.mode === 'global' ? undefined : windowFits(fields, 'windowH', 'windowW');
    default:
      return undefined;
  }
}

interface Plan {
  /** The first field that fails its spec, if any (compiled from the kind's {@link OP_FIELDS}). */
  firstBad: (op: object) => string | undefined;
  fields: Record<string, AnySpec>;
}
/** The plan of each op kind, in a prototype-free record (only the kinds are keys). */
const PLANS: Record<string, Plan | undefined> = Object.create(null);
for (const [kind, fields] of Object.entries(OP_FIELDS)) PLANS[kind] = { firstBad: fieldsTester(fields, { plainOnly: true }), fields };
const KIND_LIST = Object.keys(PLANS)
  .map((k) => `'${k}'`)
  .join(', ');

/** Throws {@link HwsimValidationError} unless `op` is a well-formed op; `path` prefixes messages. */
export function validateOp(op: Op, path: string): void {
  if (op === null || typeof op !== 'object') throw new HwsimValidationError(expected('an op object', op), path, op);
  const plan = typeof op.kind === 'string' ? PLANS[op.kind] : undefined;
  if (plan === undefined) throw new HwsimValidationError(expected(`one of ${KIND_LIST}`, op.kind), `${path}.kind`, op.kind);
  const fields = op as unknown as Fields;
  const bad = plan.firstBad(op);
  if (bad !== undefined) throw fieldError(plan.fields[bad]!, fields[bad], `${path}.${bad}`);
  const broken = brokenRule(op);
  if (broken) throw new HwsimValidationError(expected(broken[1], fields[broken[0]] ?? 1), `${path}.${broken[0]}`, fields[broken[0]]);
}
