/**
 * Human-readable rendering: `Block(kernel=3, expand=6, act='swish')` on one line when it fits (or
 * always, with `compact`), otherwise one field per line with indentation. `hideDefaults` leaves out
 * fields whose value equals the field's default.
 */
import { Dict, isPlainObject } from './dict.js';
import { eq } from './eq.js';
import { N_GET, N_KEYS } from './node.js';
import { SymObject, VALUES } from './object.js';
import { MISSING } from './value-spec.js';
import { Ref } from './ref.js';
import { OpaqueObject, opaqueTypeName } from './opaque.js';
import { guardDepth } from './depth.js';

/**
 * Objects that are not symbolic trees can render themselves: a method under this key returns their
 * text (DNASpec does).
 */
export const FORMAT: unique symbol = Symbol.for('tsglove.format');

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
  /**
   * One field per line, absent optional fields shown as `undefined`, and each field's doc string
   * (from `.describe(doc)`) as a `// doc` comment after it (default false).
   */
  verbose?: boolean;
  /** Wrap the text in a Markdown code fence, ready to paste into a report (default false). */
  markdown?: boolean;
}

/** Renders a value (see the module comment). */
export function format(value: unknown, options: FormatOptions = {}): string {
  const opts = { compact: false, hideDefaults: false, indent: 2, maxWidth: 80, verbose: false, markdown: false, ...options };
  if (opts.verbose) opts.compact = false;
  const text = guardDepth('format', value, () => render(value, 0, opts));
  return opts.markdown ? '```\n' + text + '\n```' : text;
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
  const itemsOf = (compactChildren: boolean): string[] =>
    entries(value, opts).map(
      ([label, v, doc]) =>
        label +
        (compactChildren ? render(v, 0, { ...opts, compact: true }) : render(v, depth + 1, opts)) +
        (doc && opts.verbose ? `${DOC_MARK}${doc}` : ''),
    );
  if (value instanceof Ref) return `Ref(${render(value.value, depth, { ...opts, compact: true })})`;
  if (value instanceof SymObject) {
    open = `${value.constructor.name}(`;
    close = ')';
  } else if (Array.isArray(value)) {
    open = '[';
    close = ']';
  } else if (value instanceof OpaqueObject) {
    open = `${opaqueTypeName(value)}?{`; // an unregistered type kept as data
    close = '}';
  } else if (value instanceof Dict || isPlainObject(value)) {
    open = '{';
    close = '}';
  } else {
    const custom = (value as { [FORMAT]?: () => string })[FORMAT];
    if (typeof custom === 'function') return custom.call(value);
    return `<${(value as object).constructor?.name ?? 'object'}>`;
  }
  if (!opts.verbose) {
    items = itemsOf(true);
    const oneLine = `${open}${items.join(', ')}${close}`;
    if (opts.compact || items.length === 0 || depth * opts.indent + oneLine.length <= opts.maxWidth) return oneLine;
  }
  items = itemsOf(false);
  if (items.length === 0) return `${open}${close}`;
  const pad = ' '.repeat((depth + 1) * opts.indent);
  // A doc comment goes after the item's comma: `kernel=3,  // kernel size`.
  const lines = items.map((item, i) => {
    const at = item.lastIndexOf(DOC_MARK);
    const comma = i < items.length - 1 ? ',' : '';
    return at < 0 ? pad + item + comma : `${pad}${item.slice(0, at)}${comma}  // ${item.slice(at + DOC_MARK.length)}`;
  });
  return `${open}\n${lines.join('\n')}\n${' '.repeat(depth * opts.indent)}${close}`;
}

/** Separates an item from its doc comment while items are built (a character no rendering produces). */
const DOC_MARK = '\u0000doc:';

function entries(value: unknown, opts: Opts): Array<[string, unknown, string?]> {
  if (value instanceof SymObject) {
    const out: Array<[string, unknown, string?]> = [];
    const schema = value.symSchema;
    for (const key of schema.keys) {
      const v = value[VALUES][key];
      const spec = schema.fields[key]!;
      if (v === undefined && !opts.verbose) continue;
      if (opts.hideDefaults && spec.hasDefault && eq(v, spec.defaultValue)) continue;
      out.push([`${key}=`, v, spec.doc]);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => ['', v]);
  if (value instanceof Dict) return (value[N_KEYS]() as string[]).map((k) => [`${k}: `, value[N_GET](k)]);
  return Object.keys(value as object).map((k) => [`${k}: `, (value as Record<string, unknown>)[k]]);
}
