/**
 * Validation of ops against their description in `ops.ts` ({@link OP_FIELDS}: one spec per field)
 * plus the few rules that relate two fields (a window fits its input, groups divide channels).
 * Messages name the field, e.g. `ops[3].filterH: expected <= ifmapH (3) with valid padding, got 5`.
 * One pass serves the hot path of `estimate` and the error path: it checks each field against its
 * spec without building anything, and builds the path and message only when a check fails.
 */
import { expected, HwsimValidationError } from './errors.js';
import { fieldChecks, fieldError, type FieldCheck } from './fields.js';
import { OP_FIELDS, type Op, type OpKind, type Padding } from './ops.js';

/** Output size of a windowed op along one axis (see `ops.ts`). */
export function outSize(input: number, window: number, stride: number, padding: Padding | undefined): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.ceil((input - window + stride) / stride);
}

type Fields = Record<string, unknown>;
/** A rule relating fields of an op whose fields are each valid: undefined, or the bad field and what it should be. */
type Rule = (op: Fields) => readonly [key: string, expected: string] | undefined;

/** The window `h × w` fits the input unless the op pads ('same'). */
const windowFits =
  (h: string, w: string): Rule =>
  (op) => {
    if (op.padding === 'same') return undefined;
    if ((op[h] as number) > (op.ifmapH as number)) return [h, `<= ifmapH (${op.ifmapH}) with valid padding`];
    if ((op[w] as number) > (op.ifmapW as number)) return [w, `<= ifmapW (${op.ifmapW}) with valid padding`];
    return undefined;
  };

/** `op[key]` (default 1) divides `op[of]`. */
const divides =
  (key: string, of: string): Rule =>
  (op) =>
    (op[of] as number) % ((op[key] as number | undefined) ?? 1) !== 0 ? [key, `a divisor of ${of} (${op[of]})`] : undefined;

const RULES: Record<OpKind, readonly Rule[]> = {
  conv2d: [divides('groups', 'channels'), divides('groups', 'numFilters'), windowFits('filterH', 'filterW')],
  depthwise: [windowFits('filterH', 'filterW')],
  matmul: [],
  pool: [(op) => (op.mode === 'global' ? undefined : windowFits('windowH', 'windowW')(op))],
  elementwise: [],
};

interface Plan {
  checks: readonly FieldCheck[];
  keys: readonly string[];
  tests: readonly ((value: unknown) => boolean)[];
  rules: readonly Rule[];
}
const PLANS = new Map<unknown, Plan>(
  Object.entries(OP_FIELDS).map(([kind, fields]) => {
    const checks = fieldChecks(fields);
    return [kind, { checks, keys: checks.map((c) => c.key), tests: checks.map((c) => c.test), rules: RULES[kind as OpKind] }];
  }),
);
const KIND_LIST = [...PLANS.keys()].map((k) => `'${k}'`).join(', ');

/** Throws {@link HwsimValidationError} unless `op` is a well-formed op; `path` prefixes messages. */
export function validateOp(op: Op, path: string): void {
  if (op === null || typeof op !== 'object') throw new HwsimValidationError(expected('an op object', op), path, op);
  const plan = PLANS.get(op.kind);
  if (plan === undefined) throw new HwsimValidationError(expected(`one of ${KIND_LIST}`, op.kind), `${path}.kind`, op.kind);
  const fields = op as unknown as Fields;
  const { keys, tests, rules } = plan;
  for (let i = 0; i < keys.length; i++) {
    const value = fields[keys[i]!];
    if ((value !== null && typeof value === 'object') || !tests[i]!(value)) {
      throw fieldError(plan.checks[i]!.spec, value, `${path}.${keys[i]}`);
    }
  }
  for (let i = 0; i < rules.length; i++) {
    const bad = rules[i]!(fields);
    if (bad) throw new HwsimValidationError(expected(bad[1], fields[bad[0]] ?? 1), `${path}.${bad[0]}`, fields[bad[0]]);
  }
}
