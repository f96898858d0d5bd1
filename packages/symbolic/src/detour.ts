/**
 * `detour([[From, To]], fn)`: while `fn` runs — including after every `await` inside it, through
 * Node's `AsyncLocalStorage` — `new From(...)` of a symbolic class builds `To` instead (PyGlove's
 * `pg.detour`). `To` is a class (called with `new`) or a function (called with the same arguments).
 * Detours nest: an inner mapping for the same class wins; other async work running at the same
 * time is not affected. Until the first `detour`, construction pays nothing for it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { SymbolicError } from './errors.js';
import { SymObject, setDetourHook, type ConstructOptions } from './object.js';

/** Any function or class. */
type AnyFunction = ((...args: any[]) => unknown) | (abstract new (...args: any[]) => unknown);

type Target = (abstract new (...args: any[]) => unknown) | ((init: any, options?: ConstructOptions) => unknown);
/** One detour: instances of the first class are made by the second. */
export type DetourMapping = readonly [abstract new (...args: any[]) => SymObject, Target];

const storage = new AsyncLocalStorage<Map<AnyFunction, Target>>();
let installed = false;

function isConstructible(fn: AnyFunction): boolean {
  return /^class\b/.test(Function.prototype.toString.call(fn)) || fn.prototype instanceof SymObject;
}

/** Runs `fn` with the detours (see the module comment); returns what `fn` returns (a promise stays one). */
export function detour<R>(mappings: readonly DetourMapping[], fn: () => R): R {
  const map = new Map(storage.getStore());
  for (const [i, mapping] of mappings.entries()) {
    const [from, to] = (mapping ?? []) as unknown as [AnyFunction, Target];
    if (typeof from !== 'function' || !(from.prototype instanceof SymObject)) {
      throw new SymbolicError(`detour: mappings[${i}][0] must be a symbolic class (made by symbolic())`);
    }
    if (typeof to !== 'function') throw new SymbolicError(`detour: mappings[${i}][1] must be a class or a function`);
    map.set(from, to);
  }
  if (!installed) {
    installed = true;
    setDetourHook((cls, init, options) => {
      const to = storage.getStore()?.get(cls as AnyFunction);
      if (to === undefined) return undefined;
      return (
        isConstructible(to)
          ? new (to as new (i: unknown, o: unknown) => object)(init, options)
          : (to as (i: unknown, o: unknown) => object)(init, options)
      ) as object;
    });
  }
  return storage.run(map, fn);
}
