/**
 * Errors of `@tsglove/models`. Every error the package throws is a {@link ModelsError} whose message
 * starts with the path of the offending field, e.g. `blocks[3]: cannot parse block string "r1_k3_x"`.
 * Constructors take `(message, path)`, as every error of the project does (CONTRIBUTING.md).
 */

/** Base class of every error thrown by `@tsglove/models`. */
export class ModelsError extends Error {
  /** Path of the offending field ('' when the whole input is at fault). */
  readonly path: string;
  constructor(message: string, path = '') {
    super(path ? `${path}: ${message}` : message);
    this.name = new.target.name;
    this.path = path;
  }
}

/** A shape does not fit a layer (wrong rank, indivisible size, mismatched inputs...). */
export class ShapeError extends ModelsError {}

/** A preset name is unknown. */
export class UnknownPresetError extends ModelsError {
  readonly preset: string;
  readonly known: readonly string[];
  constructor(preset: string, known: readonly string[], path: string) {
    super(`unknown preset ${JSON.stringify(preset)}; expected one of ${known.map((k) => JSON.stringify(k)).join(', ')}`, path);
    this.preset = preset;
    this.known = known;
  }
}
