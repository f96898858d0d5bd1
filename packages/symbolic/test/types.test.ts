/**
 * Type-level behaviour: specs carry their TypeScript types, symbolic fields are typed without
 * writing types twice. Checked by `tsc --noEmit -p .` (expectTypeOf is a no-op at run time;
 * `@ts-expect-error` lines fail type-checking if the error goes away).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  t,
  symbolic,
  functor,
  Dict,
  List,
  ValidationError,
  type Infer,
  type InferInput,
  type FieldsInput,
  type Hyper,
} from '@tsglove/symbolic';

describe('Infer', () => {
  it('gives each spec its value type', () => {
    expectTypeOf<Infer<ReturnType<typeof t.bool>>>().toEqualTypeOf<boolean>();
    expectTypeOf<Infer<ReturnType<typeof t.int>>>().toEqualTypeOf<number>();
    expectTypeOf<Infer<ReturnType<typeof t.float>>>().toEqualTypeOf<number>();
    expectTypeOf<Infer<ReturnType<typeof t.str>>>().toEqualTypeOf<string>();
    const act = t.enum(['relu', 'swish']);
    expectTypeOf<Infer<typeof act>>().toEqualTypeOf<'relu' | 'swish'>();
    const ints = t.list(t.int());
    expectTypeOf<Infer<typeof ints>>().toEqualTypeOf<List<number>>();
    const d = t.dict({ lr: t.float(), steps: t.int().default(10), note: t.str().optional() });
    expectTypeOf<Infer<typeof d>>().toEqualTypeOf<{ lr: number; steps: number; note: string | undefined }>();
    const r = t.record(t.bool());
    expectTypeOf<Infer<typeof r>>().toEqualTypeOf<Record<string, boolean>>();
    const u = t.union([t.int(), t.str()]);
    expectTypeOf<Infer<typeof u>>().toEqualTypeOf<number | string>();
    const f = t.callable();
    expectTypeOf<Infer<typeof f>>().toEqualTypeOf<(...args: any[]) => any>();
  });

  it('modifiers change the type: optional adds undefined, nullable adds null, default keeps it', () => {
    const opt = t.int().optional();
    expectTypeOf<Infer<typeof opt>>().toEqualTypeOf<number | undefined>();
    const nul = t.str().nullable();
    expectTypeOf<Infer<typeof nul>>().toEqualTypeOf<string | null>();
    const def = t.int().default(3);
    expectTypeOf<Infer<typeof def>>().toEqualTypeOf<number>();
    const doc = t.float().describe('learning rate');
    expectTypeOf<Infer<typeof doc>>().toEqualTypeOf<number>();
  });

  it('inputs also accept hyper values', () => {
    const k = t.int();
    expectTypeOf<Hyper<number>>().toMatchTypeOf<InferInput<typeof k>>();
    expectTypeOf<Hyper<string>>().not.toMatchTypeOf<InferInput<typeof k>>();
  });
});

class Block extends symbolic('types.Block', {
  kernel: t.int({ min: 1 }).default(3),
  act: t.enum(['relu', 'swish']),
  se: t.float().optional(),
}) {
  double(): number {
    return this.kernel * 2;
  }
}
class Stage extends symbolic('types.Stage', { blocks: t.list(t.object(Block)), cfg: t.dict({ depth: t.int() }) }) {}

describe('symbolic classes', () => {
  it('fields are typed from their specs, user methods are kept', () => {
    const b = new Block({ act: 'relu' });
    expectTypeOf(b.kernel).toEqualTypeOf<number>();
    expectTypeOf(b.act).toEqualTypeOf<'relu' | 'swish'>();
    expectTypeOf(b.se).toEqualTypeOf<number | undefined>();
    expectTypeOf(b.double()).toEqualTypeOf<number>();
    const s = new Stage({ blocks: [b], cfg: { depth: 2 } });
    expectTypeOf(s.blocks).toEqualTypeOf<List<Block>>();
    expectTypeOf(s.blocks[0]!.double).toBeFunction();
    expectTypeOf(s.cfg.depth).toEqualTypeOf<number>();
  });

  it('constructor input: required fields required, defaulted and optional ones omittable', () => {
    type In = FieldsInput<{ kernel: ReturnType<typeof t.int>; act: ReturnType<typeof t.str> }>;
    expectTypeOf<In>().toEqualTypeOf<{ kernel: number | Hyper<number>; act: string | Hyper<string> }>();
    expect(
      () =>
        // @ts-expect-error act is required
        new Block({}),
    ).toThrow(ValidationError);
    expect(
      () =>
        // @ts-expect-error wrong type for kernel
        new Block({ act: 'relu', kernel: '3' }),
    ).toThrow(ValidationError);
    expect(
      () =>
        // @ts-expect-error not an enum member
        new Block({ act: 'gelu' }),
    ).toThrow(ValidationError);
    expect(
      () =>
        // @ts-expect-error unknown field
        new Block({ act: 'relu', kernal: 3 }),
    ).toThrow(ValidationError);
    const noArgs = symbolic('types.NoArgs', { x: t.int().default(1) });
    new noArgs(); // every field has a default: init may be omitted
  });

  it('functors type their arguments and return value', () => {
    const add = functor('types.add', { a: t.int(), b: t.int().default(1) }, ({ a, b }) => `${a + b}`);
    const f = new add({ a: 1 });
    expectTypeOf(f.call()).toEqualTypeOf<string>();
    expectTypeOf(f.a).toEqualTypeOf<number>();
    expect(() =>
      // @ts-expect-error b must be a number
      f.call({ b: 'x' }),
    ).toThrow(ValidationError);
  });

  it('Dict and List are usable as plain containers', () => {
    const d = new Dict({ a: 1 });
    expectTypeOf(d.symKeys()).toEqualTypeOf<string[]>();
    const l = List.of(1, 2);
    expectTypeOf(l).toEqualTypeOf<List<number>>();
    expectTypeOf(l.map((x) => String(x))).toEqualTypeOf<string[]>();
  });
});
