/**
 * Files (Node only, so imported from `@tsglove/symbolic/io`): `save`/`load` one value as a JSON
 * file, and `openJsonl` for JSON lines — one value per line, appended as it comes (PyGlove's
 * `pg.save`/`pg.load`/`pg.open_jsonl`). Values are written with `toJSONString` (type tags) and read
 * with `fromJSON` (registered classes only, every field validated); an error reading line n names
 * the file and the line.
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { JSONError, SymbolicError } from './errors.js';
import { fromJSONString, toJSONString, type FromJSONOptions } from './json.js';
import './methods.js'; // objects read here have their `sym*` methods even when index.ts is not loaded

/** Options of {@link save}. */
export interface SaveOptions {
  /** Spaces of indentation (default: compact). */
  indent?: number;
}

/** Writes `value` to `file` as JSON with type tags. */
export function save(value: unknown, file: string, options: SaveOptions = {}): void {
  writeFileSync(file, toJSONString(value, options.indent) + '\n');
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SymbolicError(`load: cannot read ${file}: ${(error as Error).message}`);
  }
}

function withFile<T>(file: string, where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SymbolicError) {
      const wrapped = new JSONError(`${file}${where}: ${error.message}`, error.path);
      throw wrapped;
    }
    throw error;
  }
}

/** Reads a value saved by {@link save} (or any JSON with type tags). */
export function load<T = unknown>(file: string, options: FromJSONOptions = {}): T {
  const text = readText(file);
  return withFile(file, '', () => fromJSONString(text, options)) as T;
}

/** A JSON-lines file opened for writing: `add` appends one value per line. */
export interface JsonlWriter {
  /** Appends `value` as one line (written at once, so a crash loses at most the line being written). */
  add(value: unknown): void;
  /** Closes the file. */
  close(): void;
}

/** A JSON-lines file opened for reading: iterate over its values (each line read with `fromJSON`). */
export interface JsonlReader<T = unknown> extends Iterable<T> {
  /** Number of values (non-empty lines). */
  readonly length: number;
  /** Closes the file (nothing to release for a reader; kept so both modes close the same way). */
  close(): void;
}

/**
 * Opens a JSON-lines file: `'r'` to read its values, `'w'` to write a new file, `'a'` to append.
 * `fromJSON` options (`convertUnknown`) apply when reading.
 */
export function openJsonl<T = unknown>(file: string, mode: 'r', options?: FromJSONOptions): JsonlReader<T>;
export function openJsonl(file: string, mode: 'w' | 'a'): JsonlWriter;
export function openJsonl(file: string, mode: 'r' | 'w' | 'a', options: FromJSONOptions = {}): JsonlReader | JsonlWriter {
  if (mode === 'r') {
    const lines = readText(file).split('\n');
    const values: unknown[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      values.push(withFile(file, `:${i + 1}`, () => fromJSONString(line, options)));
    });
    return { [Symbol.iterator]: () => values[Symbol.iterator](), length: values.length, close() {} };
  }
  if (mode !== 'w' && mode !== 'a') throw new SymbolicError(`openJsonl: mode must be 'r', 'w' or 'a', got ${JSON.stringify(mode)}`);
  let fd: number | null = openSync(file, mode);
  return {
    add(value: unknown): void {
      if (fd === null) throw new SymbolicError(`openJsonl(${file}): add() after close()`);
      writeSync(fd, toJSONString(value) + '\n');
    },
    close(): void {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
