/**
 * Symbolic functions: `functor(name, fields, fn)` makes a symbolic class whose instances are bound
 * arguments of `fn` (bind some now, the rest later); `call(overrides)` validates the merged arguments
 * and runs `fn`. Because the bound arguments are symbolic fields, a functor with hyper values in its
 * arguments is a search space over function calls.
 */
import { ValidationError } from './errors.js';
import { type SymObject, VALUES, symbolic, type ConstructOptions, type SymbolicInstance } from './object.js';
import { MISSING, at, newContext } from './value-spec.js';
import { registerClass } from './registry.js';
import type { Fields, FieldsInput, FieldsOutput } from './core-specs.js';

/** An instance of a functor class: bound arguments plus `call`. */
export type FunctorInstance<F extends Fields, R> = SymbolicInstance<F> & {
  /** Runs the function with the bound arguments, overridden by `overrides` (validated). */
  call(overrides?: Partial<FieldsInput<F>>): R;
};

/** A class made by {@link functor}: construct with some or all arguments. */
export interface FunctorClass<F extends Fields, R> {
  new (init?: Partial<FieldsInput<F>>, options?: ConstructOptions): FunctorInstance<F, R>;
  readonly typeName: string;
}

/** Makes a symbolic function class named `name` (registered for JSON). */
export function functor<F extends Fields, R>(name: string, fields: F, fn: (args: FieldsOutput<F>) => R): FunctorClass<F, R> {
  const Base = symbolic(name, fields) as unknown as new (init?: object, options?: ConstructOptions) => SymObject;
  class Functor extends Base {
    constructor(init?: object, options?: ConstructOptions) {
      super(init, { allowPartial: true, ...options });
    }
    call(overrides: Record<string, unknown> = {}): R {
      const schema = this.symSchema;
      const ctx = newContext();
      const args: Record<string, unknown> = {};
      for (const key of Object.keys(overrides)) {
        if (!Object.prototype.hasOwnProperty.call(schema.fields, key)) {
          ctx.issues.push({ code: 'unknown-key', path: key, message: `${name} has no argument "${key}"` });
        }
      }
      for (const key of schema.keys) {
        const bound = this[VALUES][key];
        const given = key in overrides ? overrides[key] : bound === MISSING ? undefined : bound;
        args[key] = schema.fields[key]!.apply(given, at(null, key), ctx);
      }
      if (ctx.issues.length) throw new ValidationError(ctx.issues);
      return fn(args as FieldsOutput<F>);
    }
  }
  Object.defineProperty(Functor, 'name', { value: Base.name });
  registerClass(name, Functor as never);
  return Functor as unknown as FunctorClass<F, R>;
}
