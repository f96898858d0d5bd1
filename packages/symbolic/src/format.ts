/**
 * Human-readable rendering: `Block(kernel=3, expand=6, act='swish')` on one line when it fits (or
 * always, with `compact`), otherwise one field per line with indentation. `hideDefaults` leaves out
 * fields whose value equals the field's default.
 */
import { Dict, isPlainObject } from './dict.js';
import { eq } from './eq.js';
import { N_GET, N_KEYS } from './node.js';
import { SymObject, VALUES } from './object.js';
import { MISSING } from './spec.js';
import { Ref } from './ref.js';

/** Options of {@link format}. */
export interface FormatOptions {
  /** Everything on one line (default false). */
  compact?: boolean;
  /** Leave out fields equal to their default (default false). */
  hideDefaults?: boolean;
  /** Spaces per indentation level (default 2). */
  indent?: number;
  /** Line width under which a node stays on one line (default 80). */
  maxWidth?: number;
}

/** Renders a value (see the module comment). */
export function format(value: unknown, options: FormatOptions = {}): string {
  const opts = { compact: false, hideDefaults: false, indent: 2, maxWidth: 80, ...options };
  return render(value, 0, opts);
}

function scalar(value: unknown): string | null {
  if (value === MISSING) return 'MISSING';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'function':
      return `<function ${(value as () => void).name || 'anonymous'}>`;
    case 'symbol':
      return value.toString();
    default:
      return null;
  }
}

type Opts = Required<FormatOptions>;

function render(value: unknown, depth: number, opts: Opts): string {
  const s = scalar(value);
  if (s !== null) return s;
  let open: string;
  let close: string;
  let items: string[];
  const itemsOf = (compactChildren: boolean): string[] => entries(value, opts).map(([label, v]) =>
    label + (compactChildren ? render(v, 0, { ...opts, compact: true }) : render(v, depth + 1, opts)),
  );
  if (value instanceof Ref) return `Ref(${render(value.value, depth, { ...opts, compact: true })})`;
  if (value instanceof SymObject) {
    open = `${value.constructor.name}(`;
    close = ')';
  } else if (Array.isArray(value)) {
    open = '[';
    close = ']';
  } else if (value instanceof Dict || isPlainObject(value)) {
    open = '{';
    close = '}';
  } else {
    return `<${(value as object).constructor?.name ?? 'object'}>`;
  }
  items = itemsOf(true);
  const oneLine = `${open}${items.join(', ')}${close}`;
  if (opts.compact || items.length === 0 || depth * opts.indent + oneLine.length <= opts.maxWidth) return oneLine;
  items = itemsOf(false);
  const pad = ' '.repeat((depth + 1) * opts.indent);
  return `${open}\n${items.map((i) => pad + i).join(',\n')}\n${' '.repeat(depth * opts.indent)}${close}`;
}

function entries(value: unknown, opts: Opts): Array<[string, unknown]> {
  if (value instanceof SymObject) {
    const out: Array<[string, unknown]> = [];
    const schema = value.symSchema;
    for (const key of schema.keys) {
      const v = value[VALUES][key];
      const spec = schema.fields[key]!;
      if (v === undefined) continue;
      if (opts.hideDefaults && spec.hasDefault && eq(v, spec.defaultValue)) continue;
      out.push([`${key}=`, v]);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => ['', v]);
  if (value instanceof Dict) return (value[N_KEYS]() as string[]).map((k) => [`${k}: `, value[N_GET](k)]);
  return Object.keys(value as object).map((k) => [`${k}: `, (value as Record<string, unknown>)[k]]);
}
