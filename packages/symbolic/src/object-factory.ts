/**
 * `ObjectFactory`: makes an object from a base value, patches and overrides, in that order
 * (PyGlove's `pg.patching.ObjectFactory`) — the way experiment configs are usually written: a
 * base model, a few named patchers (`'lr?value=0.1'`), then `{ path: value }` overrides, possibly
 * from a command line as JSON. The result must be an instance of the declared class.
 */
import { SymbolicError } from './errors.js';
import { clone } from './clone.js';
import { isNode } from './node.js';
import { patch, type PatchStep } from './patching.js';
import { rebind } from './rebind.js';

/** Options of an {@link ObjectFactory}. */
export interface ObjectFactoryOptions<T> {
  /** The base value (copied for each `create`) or a function that makes it. */
  base: T | (() => T);
  /** Patchers applied in order (URI strings, functions or rebind records). */
  patches?: readonly PatchStep[];
  /** Final `{ path: value }` overrides, as a record or as its JSON text. */
  overrides?: Record<string, unknown> | string;
}

/** Makes objects of class `valueType` from a base, patches and overrides (see the module comment). */
export class ObjectFactory<T extends object> {
  constructor(
    readonly valueType: abstract new (...args: any[]) => T,
    readonly options: ObjectFactoryOptions<T>,
  ) {
    if (typeof valueType !== 'function') throw new SymbolicError('ObjectFactory: valueType must be a class');
  }

  /** A new object: the base, then the patches, then the overrides; checked to be a `valueType`. */
  create(): T {
    const { base, patches = [], overrides } = this.options;
    const value = typeof base === 'function' ? (base as () => T)() : clone(base);
    if (!isNode(value)) throw new SymbolicError(`ObjectFactory: the base must be a symbolic object, Dict or List, got ${typeof value}`);
    patch(value, patches);
    if (overrides !== undefined) {
      let record: Record<string, unknown>;
      if (typeof overrides === 'string') {
        try {
          record = JSON.parse(overrides) as Record<string, unknown>;
        } catch (error) {
          throw new SymbolicError(`ObjectFactory: overrides are not JSON: ${(error as Error).message}`);
        }
      } else record = overrides;
      if (record === null || typeof record !== 'object' || Array.isArray(record))
        throw new SymbolicError('ObjectFactory: overrides must be a { path: value } record');
      rebind(value, record);
    }
    if (!(value instanceof this.valueType)) {
      throw new SymbolicError(
        `ObjectFactory: expected a ${this.valueType.name}, the base and patches made a ${(value as object).constructor?.name ?? typeof value}`,
      );
    }
    return value;
  }
}
