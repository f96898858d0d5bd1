/**
 * `subclass(Base, name, fields)`: a symbolic class with `fields` that extends the symbolic class
 * `Base` (which may be abstract and carry methods), typed as `Base`'s instances plus the fields.
 * The evolution operators and scalars are declared with it.
 */
import { symbolic, type ConstructOptions, type Fields, type FieldsInput, type FieldsOutput, type SymObject } from '@tsglove/symbolic';

/** The class `subclass` returns. */
export type SubclassOf<B extends abstract new (...args: any[]) => SymObject, F extends Fields> = {
  new (init?: Partial<FieldsInput<F>> & Record<string, unknown>, options?: ConstructOptions): InstanceType<B> & FieldsOutput<F>;
  readonly typeName: string;
};

/** A symbolic class named `name` extending `Base` with `fields` (see the module comment). */
export function subclass<B extends abstract new (...args: any[]) => SymObject, F extends Fields>(
  Base: B,
  name: string,
  fields: F,
): SubclassOf<B, F> {
  return symbolic(name, fields, { base: Base as never }) as unknown as SubclassOf<B, F>;
}
