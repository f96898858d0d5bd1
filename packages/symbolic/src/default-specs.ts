/**
 * The specs of `Dict`s and `List`s made without one (any values). They are built in `core-specs.ts`,
 * which converts plain values into `Dict`/`List` and so imports those modules; the containers read
 * their default here, so that `dict.ts`/`list.ts` do not import `core-specs.ts` back (no import cycle).
 * `core-specs.ts` installs them when it loads, which every entry point of the package does first; a
 * container made before that is an error that says so, never a silent fallback.
 */
import type { ListSpecShape, RecordSpecShape } from './value-spec.js';
import { SymbolicError } from './errors.js';

let installed: { list: ListSpecShape; record: RecordSpecShape } | undefined;

/** @internal Called once by `core-specs.ts`. */
export function installDefaultSpecs(specs: { list: ListSpecShape; record: RecordSpecShape }): void {
  installed = specs;
}

/** @internal The any-value specs of containers made without a spec. */
export function defaultSpecs(): { list: ListSpecShape; record: RecordSpecShape } {
  if (!installed) throw new SymbolicError('internal: core-specs.ts is not loaded; import containers from "@tsglove/symbolic"');
  return installed;
}
