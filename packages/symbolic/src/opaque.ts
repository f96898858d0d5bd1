/**
 * `OpaqueObject`: what `fromJSON(json, { convertUnknown: true })` makes of an object whose `_type`
 * is not registered (PyGlove's `convert_unknown`): a `Dict` of its values that remembers the type
 * name, so the data can be read, queried, rebound and written back unchanged (`toJSON` puts the
 * `_type` back), in place of an error.
 */
import { Dict } from './dict.js';
import { ANY } from './core-specs.js';
import { N_COPY } from './node.js';

const TYPE_NAME: unique symbol = Symbol('tsglove.opaqueType');

/** A node holding the values of an unregistered type (see the module comment). */
export class OpaqueObject extends Dict {
  declare [TYPE_NAME]: string;

  /** @internal Builds one from decoded entries. */
  static make(typeName: string, entries: Array<[string, unknown]>): OpaqueObject {
    const dict = ANY.record.parse(Object.fromEntries(entries)) as unknown as Dict; // plain values become Dict/List
    return OpaqueObject.retag(dict, typeName);
  }

  /** @internal Turns a fresh `Dict` into an opaque object of `typeName`. */
  static retag(dict: Dict, typeName: string): OpaqueObject {
    Object.setPrototypeOf(dict, OpaqueObject.prototype);
    Object.defineProperty(dict, TYPE_NAME, { value: typeName });
    return dict as OpaqueObject;
  }

  override [N_COPY](deep: boolean): OpaqueObject {
    return OpaqueObject.retag(super[N_COPY](deep), this[TYPE_NAME]);
  }
}

/** The `_type` an opaque object was read with. */
export function opaqueTypeName(value: OpaqueObject): string {
  return value[TYPE_NAME];
}
