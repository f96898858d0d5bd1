/**
 * EfficientNet block strings, e.g. `r2_k3_s22_e6_i16_o24_se0.25`: `r` repeats, `k` kernel, `s` stride
 * (written twice), `e` expansion ratio, `i`/`o` input/output filters, `se` squeeze-excite ratio,
 * `noskip` no residual. EfficientNet-X adds `f1` fused MBConv, `d1` space-to-depth block, `d2`
 * stride-2 block run at stride 1 after a space-to-depth block, `aN` block activation
 * (`a0` ReLU, `a1` swish, further codes in {@link ACTIVATION_CODES}).
 */
import { t, ValidationError } from '@tsglove/symbolic';
import { ModelsError } from '../errors.js';
import type { ActivationFn } from '../ir/layers.js';
import { BLOCK_FIELDS, type BlockArgs } from './block-args.js';

/** Activation codes of the `a` field: `a0` = relu, `a1` = swish, ... */
export const ACTIVATION_CODES: readonly ActivationFn[] = [
  'relu',
  'swish',
  'relu6',
  'hardSwish',
  'gelu',
  'sigmoid',
  'softplus',
  'hardSigmoid',
  'tanh',
];

/** Decoded fields are checked against the same specs as the `MBConvBlock` class's. */
const BLOCK_SPEC = t.dict(BLOCK_FIELDS);
const INT = /^\d+$/;
const NUM = /^\d+(\.\d+)?$/;

/** Parses one block string; `path` names it in errors (e.g. `blocks[3]`). */
export function decodeBlockString(s: string, path = 'block'): BlockArgs {
  const fail = (why: string): never => {
    throw new ModelsError(`cannot parse block string ${JSON.stringify(s)}: ${why}`, path);
  };
  if (typeof s !== 'string' || s.length === 0) fail('empty');
  const out: Partial<BlockArgs> = { seRatio: 0, idSkip: true, fused: false, spaceToDepth: 0, activation: null };
  const seen = new Set<string>();
  for (const part of s.split('_')) {
    if (part === 'noskip') {
      out.idSkip = false;
      continue;
    }
    const m = /^(se|[a-z])(.*)$/.exec(part);
    if (!m) fail(`bad field "${part}"`);
    const [, key, value] = m as unknown as [string, string, string];
    if (seen.has(key)) fail(`field "${key}" given twice`);
    seen.add(key);
    const int = (): number => (INT.test(value) ? Number(value) : fail(`field "${key}" expects an integer, got "${value}"`));
    switch (key) {
      case 'r':
        out.repeats = int();
        break;
      case 'k':
        out.kernel = int();
        break;
      case 's': {
        if (!/^\d\d?$/.test(value) || (value.length === 2 && value[0] !== value[1]))
          fail(`stride "${value}" must be one digit or two equal digits`);
        out.stride = Number(value[0]);
        break;
      }
      case 'e':
        out.expandRatio = NUM.test(value) ? Number(value) : fail(`field "e" expects a number, got "${value}"`);
        break;
      case 'i':
        out.inputFilters = int();
        break;
      case 'o':
        out.outputFilters = int();
        break;
      case 'se':
        out.seRatio = NUM.test(value) ? Number(value) : fail(`field "se" expects a number, got "${value}"`);
        break;
      case 'f': {
        const f = int();
        if (f > 1) fail('field "f" expects 0 or 1');
        out.fused = f === 1;
        break;
      }
      case 'd':
        out.spaceToDepth = int() as BlockArgs['spaceToDepth'];
        break;
      case 'a': {
        const a = int();
        out.activation = ACTIVATION_CODES[a] ?? fail(`unknown activation code a${a}`);
        break;
      }
      default:
        fail(`unknown field "${part}"`);
    }
  }
  for (const k of ['r', 'k', 's', 'e', 'i', 'o']) if (!seen.has(k)) fail(`missing field "${k}"`);
  try {
    BLOCK_SPEC.parse(out);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    fail(`${error.issues[0]!.path}: ${error.issues[0]!.message}`);
  }
  return out as BlockArgs;
}

/** Encodes block args as a block string (inverse of {@link decodeBlockString}). */
export function encodeBlockString(b: BlockArgs): string {
  const parts = [
    `r${b.repeats}`,
    `k${b.kernel}`,
    `s${b.stride}${b.stride}`,
    `e${b.expandRatio}`,
    `i${b.inputFilters}`,
    `o${b.outputFilters}`,
  ];
  if (b.seRatio > 0) parts.push(`se${b.seRatio}`);
  if (b.fused) parts.push('f1');
  if (b.spaceToDepth) parts.push(`d${b.spaceToDepth}`);
  if (b.activation !== null) parts.push(`a${ACTIVATION_CODES.indexOf(b.activation)}`);
  if (!b.idSkip) parts.push('noskip');
  return parts.join('_');
}
