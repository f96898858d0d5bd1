/**
 * {@link fieldsTester}: one compiled test of a plain object against a set of field specs, for hot
 * paths that check many objects of the same shape (hwsim checks every op of every `estimate`).
 * It is the fields' own `tester()`s, fused into a single function with named property reads and
 * the scalar checks inline, so checking an object costs a few comparisons per field and no call.
 */
import type { Fields } from './core-specs.js';
import { SymbolicError } from './errors.js';
import { ValueSpec } from './value-spec.js';

/** Options of {@link fieldsTester}. */
export interface FieldsTesterOptions {
  /**
   * Refuse object values (hyper values, symbolic objects, references) even where a field's spec
   * accepts them: for plain values that must be concrete. Default false.
   */
  plainOnly?: boolean;
}

/**
 * A test of an object against `fields`: returns the key of the first field (in the order of
 * `fields`) whose value the field's spec does not accept (`spec.tester()`), or undefined when
 * every field passes. Keys of the object that are not fields are ignored. The function is
 * compiled once; keep it and call it per object. Where code generation is not allowed (a strict
 * Content Security Policy), it falls back to calling each field's tester.
 */
export function fieldsTester(fields: Fields, options: FieldsTesterOptions = {}): (object: object) => string | undefined {
  if (fields === null || typeof fields !== 'object') {
    throw new SymbolicError('fieldsTester: expected an object of field specs, e.g. { rows: t.int({ min: 1 }) }');
  }
  const entries = Object.entries(fields);
  for (const [key, spec] of entries) {
    if (!(spec instanceof ValueSpec))
      throw new SymbolicError(`fieldsTester: fields.${key}: expected a value spec (t.int(), t.str(), ...), got ${typeof spec}`, key);
  }
  const plainOnly = options.plainOnly === true;
  try {
    return compile(entries, plainOnly);
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    const tests = entries.map(([key, spec]) => [key, spec.tester()] as const);
    return (object) => {
      const values = object as Record<string, unknown>;
      for (const [key, test] of tests) {
        const v = values[key];
        if ((plainOnly && v !== null && typeof v === 'object') || !test(v)) return key;
      }
      return undefined;
    };
  }
}

function compile(entries: [string, Fields[string]][], plainOnly: boolean): (object: object) => string | undefined {
  const constants: unknown[] = [];
  const constant = (value: unknown): string => {
    if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
    constants.push(value);
    return `c[${constants.length - 1}]`;
  };
  const lines = entries.map(([key, spec]) => {
    const name = JSON.stringify(key);
    const object = plainOnly ? '(v !== null && typeof v === "object") || ' : '';
    return `v = o[${name}]; if (${object}!${spec.testSource('v', constant)}) return ${name};`;
  });
  const body = `"use strict"; return function test(o) { let v; ${lines.join(' ')} return undefined; };`;
  return new Function('c', body)(constants) as (object: object) => string | undefined;
}
