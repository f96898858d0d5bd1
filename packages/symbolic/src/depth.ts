/**
 * Trees nested deeper than the JavaScript stack allows: the recursive operations (`toJSONString`,
 * `clone`, `hash`, `format`) catch the engine's bare `RangeError` ("Maximum call stack size
 * exceeded") and throw a {@link SymbolicError} that names the operation and the tree's depth,
 * measured here without recursion.
 */
import { SymbolicError } from './errors.js';
import { childrenOf } from './traverse.js';

/** Levels of a tree (a leaf is 1), counted with an explicit stack (works at any depth). */
export function treeDepth(root: unknown): number {
  let deepest = 0;
  const seen = new Set<unknown>();
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    for (const [, child] of childrenOf(value) ?? []) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Runs `run`; a stack overflow becomes a SymbolicError naming `operation` and the depth of `value`. */
export function guardDepth<R>(operation: string, value: unknown, run: () => R): R {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error;
    throw new SymbolicError(
      `${operation}: the tree is ${treeDepth(value)} levels deep, more than the JavaScript stack allows (${error.message}); ` +
        'flatten the tree, or raise the stack size (node --stack-size=<kB>)',
    );
  }
}
