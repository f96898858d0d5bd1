/**
 * Parameter inference for `symbolize`: reads the parameter list of a function or of a class's
 * constructor from its source text (`fn.toString()`), the only place JavaScript keeps parameter
 * names. A small scanner skips strings, template literals, comments and nested brackets; defaults
 * that are JSON-like literals (`3`, `'relu'`, `true`, `null`) are read as values, other defaults
 * are only noted (the function computes them itself when the argument is left out).
 */

/** Any function or class. */
type AnyFunction = ((...args: any[]) => unknown) | (abstract new (...args: any[]) => unknown);

/** One inferred parameter. */
export interface ParamInfo {
  /** Parameter name (`arg0`, `arg1`... for array patterns). */
  name: string;
  /** The parameter has a default in the source. */
  hasDefault: boolean;
  /** The default's value when it is a literal; undefined otherwise. */
  literalDefault?: unknown;
  /** A rest parameter (`...xs`). */
  rest?: boolean;
  /** For an object pattern (`{ a, b = 1 }`): its properties, each like a parameter. */
  properties?: ParamInfo[];
}

/** Index just past a string, template literal or comment starting at `i`, or `i` when none starts there. */
function skipNonCode(s: string, i: number): number {
  const c = s[i];
  if (c === '"' || c === "'" || c === '`') {
    let j = i + 1;
    while (j < s.length && s[j] !== c) {
      if (s[j] === '\\') j++;
      else if (c === '`' && s[j] === '$' && s[j + 1] === '{') j = matchClose(s, j + 1);
      j++;
    }
    return j + 1;
  }
  if (c === '/' && s[i + 1] === '/') {
    const end = s.indexOf('\n', i);
    return end < 0 ? s.length : end + 1;
  }
  if (c === '/' && s[i + 1] === '*') {
    const end = s.indexOf('*/', i + 2);
    return end < 0 ? s.length : end + 2;
  }
  return i;
}

/** Index of the bracket closing the one at `open` (`(`, `[` or `{`). */
function matchClose(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; ) {
    const skipped = skipNonCode(s, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = s[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return s.length;
}

/** Splits `text` at top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; ) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') {
      i = matchClose(text, i) + 1;
      continue;
    }
    if (c === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  parts.push(text.slice(start));
  return parts
    .map(stripComments)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/** Index of the top-level `=` of a parameter (its default), or -1. */
function defaultSign(text: string): number {
  for (let i = 0; i < text.length; ) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') {
      i = matchClose(text, i) + 1;
      continue;
    }
    if (c === '=' && text[i + 1] !== '>' && text[i + 1] !== '=' && text[i - 1] !== '=' && text[i - 1] !== '!') return i;
    i++;
  }
  return -1;
}

/** The value of a literal default, or NOT_LITERAL. */
const NOT_LITERAL = Symbol('not literal');
function literalValue(text: string): unknown {
  const t = text.trim();
  if (t === 'undefined') return NOT_LITERAL;
  if (/^'([^'\\]|\\.)*'$/.test(t)) {
    try {
      return JSON.parse(`"${t.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
    } catch {
      return NOT_LITERAL;
    }
  }
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) || /^"([^"\\]|\\.)*"$/.test(t) || t === 'true' || t === 'false' || t === 'null') {
    try {
      return JSON.parse(t);
    } catch {
      return NOT_LITERAL;
    }
  }
  return NOT_LITERAL;
}

function parseParam(text: string, position: number): ParamInfo {
  if (text.startsWith('...')) return { name: text.slice(3).trim().split(/[\s=]/)[0] || `arg${position}`, hasDefault: false, rest: true };
  const eqAt = defaultSign(text);
  const target = (eqAt < 0 ? text : text.slice(0, eqAt)).trim();
  const info: ParamInfo = { name: target, hasDefault: eqAt >= 0 };
  if (eqAt >= 0) {
    const value = literalValue(text.slice(eqAt + 1));
    if (value !== NOT_LITERAL) info.literalDefault = value;
  }
  if (target.startsWith('{')) {
    info.name = `arg${position}`;
    info.properties = splitTopLevel(target.slice(1, matchClose(target, 0))).map((p, i) => {
      const prop = parseParam(p, i);
      const colon = prop.name.indexOf(':');
      if (colon >= 0) prop.name = prop.name.slice(0, colon).trim();
      return prop;
    });
  } else if (target.startsWith('[')) {
    info.name = `arg${position}`;
  }
  return info;
}

/** The text between the parentheses of a parameter list starting at or after `from`. */
function parenthesized(s: string, from: number): string | null {
  const open = s.indexOf('(', from);
  if (open < 0) return null;
  return s.slice(open + 1, matchClose(s, open));
}

/** Index of `constructor(` declared at the top level of a class body, or -1. */
function constructorAt(source: string): number {
  const body = source.indexOf('{', source.indexOf('class') + 5);
  // Skip an `extends (expression)` whose braces come before the body: find the body's brace by depth.
  if (body < 0) return -1;
  let depth = 0;
  for (let i = body; i < source.length; ) {
    const skipped = skipNonCode(source, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = source[i]!;
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (depth === 1 && source.startsWith('constructor', i) && !/[\w$]/.test(source[i - 1] ?? '')) {
      const after = source.slice(i + 11).trimStart();
      if (after.startsWith('(')) return i + 11;
    }
    i++;
  }
  return -1;
}

/**
 * The parameters of `fn` (a function, arrow function, method or class), or null when they cannot
 * be read (native code, bound functions).
 */
export function inferParameters(fn: AnyFunction): ParamInfo[] | null {
  let source: string;
  try {
    source = Function.prototype.toString.call(fn);
  } catch {
    return null;
  }
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) return null;
  let list: string | null;
  if (/^class\b/.test(source)) {
    const at = constructorAt(source);
    if (at < 0) {
      const parent = Object.getPrototypeOf(fn) as AnyFunction;
      return (parent as unknown) === Function.prototype ? [] : inferParameters(parent);
    }
    list = parenthesized(source, at);
  } else {
    const s = source.replace(/^async\s*/, '');
    const arrow = /^([A-Za-z_$][\w$]*)\s*=>/.exec(s);
    if (arrow) return [{ name: arrow[1]!, hasDefault: false }];
    list = parenthesized(s, 0);
  }
  if (list === null) return null;
  return splitTopLevel(list).map(parseParam);
}
