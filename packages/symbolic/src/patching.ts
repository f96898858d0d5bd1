/**
 * Rule-based patching (PyGlove's `pg.patching`): change a tree with rules instead of listing edits.
 *
 * - A *patcher* is registered by name and applied by a URI-like string:
 *   `patch(model, ['lr?value=0.1', 'swapAct?to=swish'])`. Its function receives the tree and the
 *   arguments and returns a `rebind` record (`{ 'optimizer.lr': 0.1 }`), a rewriter, or nothing
 *   (when it changed the tree itself). Argument strings are converted by the patcher's specs
 *   (`t.float()` reads `'0.1'` as 0.1) or, without specs, read as JSON when they parse.
 * - `patchOnKey`, `patchOnPath`, `patchOnValue`, `patchOnType` rewrite every value whose key, path,
 *   value or type matches, with a new value or a function of the old one.
 * - `patch` applies its patchers in order, all or nothing: if one fails, the tree is restored.
 */
import { SymbolicError, ValidationError } from './errors.js';
import { rebind, type Rewriter } from './rebind.js';
import { isNode, type SymbolicNode } from './node.js';
import { newContext, at, type AnySpec } from './value-spec.js';
import { diff, applyEdits, isEditList, type Edit } from './diff.js';
import { clone } from './clone.js';
import { eq } from './eq.js';
import type { Key } from './path.js';

/** What a patcher function returns: a rebind record, a rewriter, or nothing. */
export type PatchResult = Record<string, unknown> | Rewriter | void | undefined;

/** A registered patcher's function: the tree, then its arguments by name. */
export type PatcherFn = (target: SymbolicNode, args: Record<string, unknown>) => PatchResult;

interface Patcher {
  fn: PatcherFn;
  args: Record<string, AnySpec> | undefined;
  doc: string | undefined;
}

const patchers = new Map<string, Patcher>();

/** Options of {@link registerPatcher}. */
export interface PatcherOptions {
  /** Specs of the arguments: they convert the URI's strings and validate them. */
  args?: Record<string, AnySpec>;
  /** What the patcher does (listed by `registeredPatchers`). */
  doc?: string;
}

/** Registers a patcher under `name` (letters, digits, `_`, `.`, `-`); a name is registered once. */
export function registerPatcher(name: string, fn: PatcherFn, options: PatcherOptions = {}): void {
  if (!/^[A-Za-z_][\w.-]*$/.test(name))
    throw new SymbolicError(`registerPatcher: bad name ${JSON.stringify(name)} (letters, digits, _ . -)`);
  if (patchers.has(name) && patchers.get(name)!.fn !== fn) throw new SymbolicError(`registerPatcher: "${name}" is already registered`);
  patchers.set(name, { fn, args: options.args, doc: options.doc });
}

/** Names (and docs) of the registered patchers. */
export function registeredPatchers(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, p] of patchers) out[name] = p.doc ?? '';
  return out;
}

/** Reads a URI argument without a spec: JSON when it parses (`0.1`, `true`, `[1,2]`), else the string. */
function readLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads a URI argument for a spec: numbers and booleans from their text, JSON for containers. */
function readFor(spec: AnySpec, text: string): unknown {
  switch (spec.kind) {
    case 'int':
    case 'float':
    case 'number':
      return text.trim() === '' ? text : Number(text);
    case 'bool':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'str':
    case 'enum':
      return spec.accepts(text) ? text : readLoose(text);
    default:
      return readLoose(text);
  }
}

/** Parses `name?key=value&key2=value2` into the patcher name and its argument strings. */
export function parsePatchURI(uri: string): { name: string; args: Record<string, string> } {
  const q = uri.indexOf('?');
  const name = (q < 0 ? uri : uri.slice(0, q)).trim();
  const args: Record<string, string> = {};
  if (q >= 0) {
    for (const part of uri.slice(q + 1).split('&')) {
      if (part === '') continue;
      const eqAt = part.indexOf('=');
      if (eqAt <= 0) throw new SymbolicError(`patch "${uri}": argument ${JSON.stringify(part)} is not key=value`);
      args[decodeURIComponent(part.slice(0, eqAt))] = decodeURIComponent(part.slice(eqAt + 1));
    }
  }
  return { name, args };
}

function runURI(target: SymbolicNode, uri: string): PatchResult {
  const { name, args } = parsePatchURI(uri);
  const patcher = patchers.get(name);
  if (!patcher) {
    const known = [...patchers.keys()].join(', ') || 'none';
    throw new SymbolicError(`patch "${uri}": no patcher named "${name}" (registered: ${known}); add one with registerPatcher`);
  }
  const values: Record<string, unknown> = {};
  if (patcher.args) {
    const ctx = newContext();
    for (const key of Object.keys(args)) {
      if (!(key in patcher.args))
        ctx.issues.push({
          code: 'unknown-key',
          path: key,
          message: `${name} has no argument "${key}" (arguments: ${Object.keys(patcher.args).join(', ')})`,
        });
    }
    for (const [key, spec] of Object.entries(patcher.args)) {
      const v = spec.apply(key in args ? readFor(spec, args[key]!) : undefined, at(null, key), ctx);
      if (v !== undefined) values[key] = v;
    }
    if (ctx.issues.length) throw new ValidationError(ctx.issues.map((i) => ({ ...i, message: `patch "${uri}": ${i.message}` })));
  } else {
    for (const [key, text] of Object.entries(args)) values[key] = readLoose(text);
  }
  return patcher.fn(target, values);
}

/** One step of {@link patch}: a URI string, a patcher function, a rebind record or a rewriter. */
export type PatchStep = string | ((target: SymbolicNode) => PatchResult) | Record<string, unknown>;

/**
 * Applies patchers to `target` in order (see the module comment); all or nothing. Returns `target`.
 *
 * @deprecated form: `patch(target, edits)` with an edit list from `diff` is `applyEdits(target,
 * edits)` (the former meaning of `patch`, kept so existing code runs).
 */
export function patch<T>(target: T, edits: readonly Edit[]): T;
export function patch<T extends SymbolicNode>(target: T, steps: PatchStep | readonly PatchStep[]): T;
export function patch<T>(target: T, steps: PatchStep | readonly PatchStep[] | readonly Edit[]): T {
  if (isEditList(steps)) return applyEdits(target, steps);
  if (!isNode(target)) throw new SymbolicError('patch: the target must be a symbolic object, Dict or List');
  const list = Array.isArray(steps) ? steps : [steps as PatchStep];
  const before = clone(target);
  try {
    for (const step of list) {
      let result: PatchResult;
      if (typeof step === 'string') result = runURI(target, step);
      else if (typeof step === 'function')
        result = step.length >= 2 ? (step as unknown as Rewriter) : (step as (t: SymbolicNode) => PatchResult)(target);
      else result = step;
      if (result === undefined) continue;
      if (typeof result === 'function') rebind(target, result as Rewriter);
      else if (result && typeof result === 'object') rebind(target, result as Record<string, unknown>);
    }
  } catch (error) {
    applyEdits(target, diff(target, before)); // undo the steps already applied
    throw error;
  }
  return target as T;
}

/** A replacement: a new value, or a function of the old value, its path and parent. */
export type Replacement = unknown | ((value: unknown, path: string, parent: unknown) => unknown);

function replacer(replacement: Replacement): (value: unknown, path: string, parent: unknown) => unknown {
  return typeof replacement === 'function' && !/^class\b/.test(Function.prototype.toString.call(replacement))
    ? (replacement as (value: unknown, path: string, parent: unknown) => unknown)
    : () => clone(replacement);
}

function lastKey(path: string): Key | null {
  const m = /(?:\.|^)([^.[\]]+)$|\[(\d+)\]$|\["((?:[^"\\]|\\.)*)"\]$/.exec(path);
  if (!m) return null;
  if (m[1] !== undefined) return m[1];
  if (m[2] !== undefined) return Number(m[2]);
  return JSON.parse(`"${m[3]}"`) as string;
}

function patchWhere(
  target: SymbolicNode,
  test: (value: unknown, path: string, key: Key | null) => boolean,
  replacement: Replacement,
): SymbolicNode {
  const make = replacer(replacement);
  rebind(target, (path, value, parent) => (test(value, path, lastKey(path)) ? make(value, path, parent) : value));
  return target;
}

/** Replaces every value whose key is `key` (or matches the RegExp). */
export function patchOnKey<T extends SymbolicNode>(target: T, key: string | RegExp, replacement: Replacement): T {
  return patchWhere(
    target,
    (_v, _p, k) => k !== null && (typeof key === 'string' ? String(k) === key : ((key.lastIndex = 0), key.test(String(k)))),
    replacement,
  ) as T;
}

/** Replaces every value whose path is `path` (or matches the RegExp). */
export function patchOnPath<T extends SymbolicNode>(target: T, path: string | RegExp, replacement: Replacement): T {
  return patchWhere(target, (_v, p) => (typeof path === 'string' ? p === path : ((path.lastIndex = 0), path.test(p))), replacement) as T;
}

/** Replaces every value equal to `value` (structurally), or accepted by a predicate `(value) => boolean`. */
export function patchOnValue<T extends SymbolicNode>(target: T, value: unknown, replacement: Replacement): T {
  const test =
    typeof value === 'function' && !/^class\b/.test(Function.prototype.toString.call(value))
      ? (value as (v: unknown) => boolean)
      : (v: unknown) => eq(v, value);
  return patchWhere(target, (v) => test(v), replacement) as T;
}

/** Replaces every instance of `cls`. */
export function patchOnType<T extends SymbolicNode>(target: T, cls: abstract new (...args: any[]) => unknown, replacement: Replacement): T {
  return patchWhere(target, (v) => v instanceof cls, replacement) as T;
}
