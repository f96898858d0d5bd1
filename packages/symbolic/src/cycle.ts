/**
 * Finding a cycle in a value: the path where an object contains itself (e.g. `a.self`, pointing back
 * to `<root>`). Serializers call it only after the stack overflowed, so acyclic trees pay nothing.
 */
import { formatPath, type Key } from './path.js';
import { N_GET, N_KEYS } from './node.js';

interface Node {
  [N_KEYS](): Key[];
  [N_GET](key: Key): unknown;
}

function childrenOf(value: object): Array<[Key, unknown]> {
  if (N_KEYS in value) {
    const node = value as unknown as Node;
    return node[N_KEYS]().map((k) => [k, node[N_GET](k)]);
  }
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  return Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
}

/** The first cycle found depth first: where it closes and the ancestor it points back to; undefined if none. */
export function findCycle(value: unknown): { path: string; target: string } | undefined {
  const stack: object[] = [];
  const keys: Key[] = [];
  const visit = (v: unknown): { path: string; target: string } | undefined => {
    if (typeof v !== 'object' || v === null) return undefined;
    const at = stack.indexOf(v);
    if (at >= 0) return { path: formatPath(keys), target: formatPath(keys.slice(0, at)) || '<root>' };
    stack.push(v);
    for (const [k, child] of childrenOf(v)) {
      keys.push(k);
      const found = visit(child);
      keys.pop();
      if (found) return found;
    }
    stack.pop();
    return undefined;
  };
  return visit(value);
}
