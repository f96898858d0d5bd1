import { describe, expect, it } from 'vitest';
import {
  symbolic,
  t,
  patch,
  applyEdits,
  diff,
  clone,
  eq,
  registerPatcher,
  registeredPatchers,
  parsePatchURI,
  patchOnKey,
  patchOnPath,
  patchOnValue,
  patchOnType,
  detour,
  ObjectFactory,
  toJSON,
  SymbolicError,
  ValidationError,
} from '@tsglove/symbolic';

class Optimizer extends symbolic('patch.Optimizer', { lr: t.float({ min: 0 }).default(0.01), momentum: t.float().default(0.9) }) {}
class Layer extends symbolic('patch.Layer', { units: t.int({ min: 1 }), act: t.enum(['relu', 'swish', 'gelu']).default('relu') }) {}
class Model extends symbolic('patch.Model', {
  layers: t.list(t.object(Layer)),
  optimizer: t.object(Optimizer),
  epochs: t.int().default(10),
}) {}

const base = (): Model =>
  new Model({ layers: [new Layer({ units: 64 }), new Layer({ units: 32, act: 'swish' })], optimizer: new Optimizer() });

registerPatcher('lr', (_model, { value }) => ({ 'optimizer.lr': value }), {
  args: { value: t.float({ min: 0 }) },
  doc: 'sets the learning rate',
});
registerPatcher(
  'swapAct',
  (model, { to }) =>
    (path, value) =>
      path.endsWith('.act') ? to : value,
  { args: { to: t.enum(['relu', 'swish', 'gelu']) } },
);
registerPatcher('epochs', (model, args) => {
  (model as Model).epochs = args.n as number; // changes the tree itself
});

describe('rule-based patchers', () => {
  it('applies registered patchers by URI-like strings, arguments converted by their specs', () => {
    const m = patch(base(), ['lr?value=0.1', 'swapAct?to=gelu', 'epochs?n=3']);
    expect(m.optimizer.lr).toBe(0.1);
    expect(m.layers.map((l) => l.act)).toEqual(['gelu', 'gelu']);
    expect(m.epochs).toBe(3);
    expect(registeredPatchers().lr).toBe('sets the learning rate');
    expect(parsePatchURI('a.b?x=1&y=a%20b')).toEqual({ name: 'a.b', args: { x: '1', y: 'a b' } });
  });

  it('takes functions and rebind records as steps too', () => {
    const m = patch(base(), [{ epochs: 5 }, (model) => ({ 'layers[0].units': (model as Model).epochs * 10 })]);
    expect([m.epochs, m.layers[0]!.units]).toEqual([5, 50]);
  });

  it('is all or nothing, with errors naming the patcher and argument', () => {
    const m = base();
    const before = toJSON(m);
    expect(() => patch(m, ['lr?value=0.5', 'lr?value=-1'])).toThrow('value: patch "lr?value=-1": expected float >= 0, got -1');
    expect(toJSON(m)).toEqual(before);
    expect(() => patch(m, ['nope?x=1'])).toThrow('no patcher named "nope" (registered: lr, swapAct, epochs)');
    expect(() => patch(m, ['lr?rate=1'])).toThrow(ValidationError);
    expect(() => patch(m, ['lr?value'])).toThrow('is not key=value');
    expect(() => registerPatcher('lr', () => undefined)).toThrow('already registered');
    expect(toJSON(m)).toEqual(before);
  });
});

describe('patchOnKey / patchOnPath / patchOnValue / patchOnType', () => {
  it('rewrites every match with a value or a function of the old value', () => {
    expect(patchOnKey(base(), 'units', (v: unknown) => (v as number) * 2).layers.map((l) => l.units)).toEqual([128, 64]);
    expect(patchOnKey(base(), /^(lr|momentum)$/, 0.5).optimizer.momentum).toBe(0.5);
    expect(patchOnPath(base(), 'layers[1].units', 8).layers[1]!.units).toBe(8);
    expect(patchOnPath(base(), /^layers\[\d+\]\.act$/, 'gelu').layers.map((l) => l.act)).toEqual(['gelu', 'gelu']);
    expect(patchOnValue(base(), 'swish', 'relu').layers[1]!.act).toBe('relu');
    expect(patchOnValue(base(), (v: unknown) => v === 64, 16).layers[0]!.units).toBe(16);
    const m = patchOnType(base(), Optimizer, new Optimizer({ lr: 1 }));
    expect(m.optimizer.lr).toBe(1);
    expect(() => patchOnKey(base(), 'units', 0)).toThrow(ValidationError);
  });
});

describe('applyEdits, and patch as its deprecated alias', () => {
  it('applyEdits(a, diff(a, b)) equals b; patch(a, edits) still does the same', () => {
    const a = base();
    const b = patch(base(), ['lr?value=0.2', 'swapAct?to=gelu']);
    expect(eq(applyEdits(clone(a), diff(a, b)), b)).toBe(true);
    expect(eq(patch(clone(a), diff(a, b)), b)).toBe(true);
  });
});

describe('detour', () => {
  class Conv extends symbolic('patch.Conv', { filters: t.int() }) {}
  class FastConv extends symbolic('patch.FastConv', { filters: t.int() }) {}
  const build = (): Conv => new Conv({ filters: 8 });

  it('builds To in place of From inside fn, and only there', () => {
    expect(detour([[Conv, FastConv]], build)).toBeInstanceOf(FastConv);
    expect(build()).toBeInstanceOf(Conv);
    const viaFunction = detour([[Conv, (init: { filters: number }) => new FastConv({ filters: init.filters * 2 })]], build);
    expect((viaFunction as unknown as FastConv).filters).toBe(16);
    expect(() => detour([[Optimizer as never, 3 as never]], build)).toThrow('must be a class or a function');
    expect(() => detour([[Map as never, FastConv]], build)).toThrow('must be a symbolic class');
  });

  it('holds across await, nests, and does not leak into concurrent work', async () => {
    const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));
    const outside: unknown[] = [];
    const running = detour([[Conv, FastConv]], async () => {
      await tick();
      const a = build();
      const inner = detour([[Conv, Layer as never]], () => {
        try {
          return build();
        } catch (error) {
          return error;
        }
      });
      await tick();
      return [a, inner, build()];
    });
    outside.push(build()); // runs while the detoured function is awaiting
    const [a, inner, c] = await running;
    expect(a).toBeInstanceOf(FastConv);
    expect(inner).toBeInstanceOf(SymbolicError); // the inner detour won: Layer has no field "filters"
    expect(c).toBeInstanceOf(FastConv);
    expect(outside[0]).toBeInstanceOf(Conv);
  });
});

describe('ObjectFactory', () => {
  it('makes an object from a base, patches and overrides (record or JSON text)', () => {
    const factory = new ObjectFactory(Model, { base: base(), patches: ['lr?value=0.3'], overrides: '{"epochs": 2, "layers[0].units": 7}' });
    const a = factory.create();
    const b = factory.create();
    expect(a).not.toBe(b);
    expect([a.optimizer.lr, a.epochs, a.layers[0]!.units]).toEqual([0.3, 2, 7]);
    expect(new ObjectFactory(Model, { base, overrides: { epochs: 4 } }).create().epochs).toBe(4);
    expect(() => new ObjectFactory(Optimizer, { base: base() as never }).create()).toThrow('expected a Optimizer');
    expect(() => new ObjectFactory(Model, { base, overrides: '{' }).create()).toThrow('overrides are not JSON');
  });
});
