import { describe, expect, it } from 'vitest';
import { t, Dict, List, ValidationError, SymbolicError, MISSING, formatIssues } from '@tsglove/symbolic';
import { Block } from './fixtures.js';

function issuesOf(fn: () => unknown): Array<{ code: string; path: string; message: string }> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}

describe('scalar specs', () => {
  it('bool accepts booleans only', () => {
    expect(t.bool().parse(true)).toBe(true);
    expect(issuesOf(() => t.bool().parse(1))).toEqual([{ code: 'type', path: '', message: 'expected bool, got 1' }]);
  });

  it('int checks type, integrality and range, naming the bounds', () => {
    const spec = t.int({ min: 1, max: 11 });
    expect(spec.parse(1)).toBe(1);
    expect(spec.parse(11)).toBe(11);
    expect(() => spec.parse(0)).toThrow('<root>: expected int in [1, 11], got 0');
    expect(() => spec.parse(12)).toThrow('expected int in [1, 11], got 12');
    expect(() => spec.parse(2.5)).toThrow('got 2.5');
    expect(() => spec.parse('3')).toThrow('got "3"');
    expect(() => spec.parse(NaN)).toThrow(ValidationError);
    expect(t.int({ min: 0 }).describeType()).toBe('int >= 0');
    expect(t.int({ max: 0 }).describeType()).toBe('int <= 0');
  });

  it('float accepts integers and checks the range; NaN is rejected when bounded', () => {
    const spec = t.float({ min: 0, max: 1 });
    expect(spec.parse(0.25)).toBe(0.25);
    expect(spec.parse(1)).toBe(1);
    expect(() => spec.parse(1.5)).toThrow('expected float in [0, 1], got 1.5');
    expect(() => spec.parse(NaN)).toThrow(ValidationError);
    expect(() => spec.parse(true)).toThrow('got true');
    expect(t.float().parse(Infinity)).toBe(Infinity);
  });

  it('str checks a regex (also with a global flag, where lastIndex could leak)', () => {
    const spec = t.str({ regex: /^[a-z]+$/g });
    expect(spec.parse('abc')).toBe('abc');
    expect(spec.parse('abc')).toBe('abc');
    expect(() => spec.parse('ABC')).toThrow('expected str matching /^[a-z]+$/g, got "ABC"');
    expect(() => t.str().parse(3)).toThrow('expected str, got 3');
  });

  it('enum accepts listed literals only', () => {
    const spec = t.enum(['relu', 'swish', null]);
    expect(spec.parse('relu')).toBe('relu');
    expect(spec.parse(null)).toBe(null);
    expect(() => spec.parse('gelu')).toThrow(`expected one of ['relu', 'swish', null], got "gelu"`);
    expect(() => t.enum([])).toThrow(SymbolicError);
  });

  it('callable and any', () => {
    const f = (): number => 1;
    expect(t.callable().parse(f)).toBe(f);
    expect(() => t.callable().parse({})).toThrow('expected callable, got object');
    const d = new Date(0);
    expect(t.any().parse(d)).toBe(d);
    expect(t.any().parse({ a: [1] })).toBeInstanceOf(Dict);
    expect(t.any().parse([{ a: 1 }])).toBeInstanceOf(List);
  });
});

describe('modifiers', () => {
  it('default fills undefined, is validated when set, and is never shared', () => {
    const spec = t.list(t.int()).default([1, 2]);
    const a = spec.parse(undefined) as List<number>;
    const b = spec.parse(undefined) as List<number>;
    expect([...a]).toEqual([1, 2]);
    expect(a).not.toBe(b);
    expect(spec.hasDefault).toBe(true);
    expect(() => t.int({ min: 1 }).default(0)).toThrow('invalid default for int >= 1: expected int >= 1, got 0');
  });

  it('required values are reported as missing', () => {
    expect(issuesOf(() => t.int().parse(undefined))).toEqual([{ code: 'required', path: '', message: 'missing required value (int)' }]);
  });

  it('optional allows undefined, nullable allows null, neither allows the other', () => {
    expect(t.int().optional().parse(undefined)).toBeUndefined();
    expect(t.int().nullable().parse(null)).toBeNull();
    expect(() => t.int().optional().parse(null)).toThrow('expected int, got null');
    expect(() => t.int().nullable().parse(undefined)).toThrow('missing required value');
    expect(t.int().optional().isOptional).toBe(true);
    expect(t.int().nullable().isNullable).toBe(true);
  });

  it('modifiers return copies and keep the doc string', () => {
    const base = t.int({ min: 1 });
    const doc = base.describe('kernel size');
    const withDefault = doc.default(3);
    expect(base.doc).toBeUndefined();
    expect(doc.doc).toBe('kernel size');
    expect(withDefault.doc).toBe('kernel size');
    expect(base.hasDefault).toBe(false);
    expect(withDefault.defaultValue).toBe(3);
    expect(() => withDefault.parse(0)).toThrow('expected int >= 1');
  });
});

describe('container specs', () => {
  it('list converts arrays to a List and checks sizes and elements with their index', () => {
    const spec = t.list(t.int({ min: 0 }), { minSize: 1, maxSize: 3 });
    const out = spec.parse([1, 2]);
    expect(out).toBeInstanceOf(List);
    expect(issuesOf(() => spec.parse([]))[0]).toMatchObject({ code: 'size', path: '' });
    expect(() => spec.parse([1, 2, 3, 4])).toThrow('got 4 items');
    expect(issuesOf(() => spec.parse([1, -1, -2]))).toEqual([
      { code: 'type', path: '[1]', message: 'expected int >= 0, got -1' },
      { code: 'type', path: '[2]', message: 'expected int >= 0, got -2' },
    ]);
    expect(() => spec.parse('abc')).toThrow('expected list of int >= 0 of size');
  });

  it('dict checks declared keys, reports unknown keys and fills defaults', () => {
    const spec = t.dict({ lr: t.float({ min: 0 }), steps: t.int().default(10), note: t.str().optional() });
    const d = spec.parse({ lr: 0.1 }) as unknown as Dict;
    expect(d).toBeInstanceOf(Dict);
    expect(d.symKeys()).toEqual(['lr', 'steps']);
    expect(d.steps).toBe(10);
    const issues = issuesOf(() => spec.parse({ lr: -1, extra: 1 }));
    expect(issues.map((i) => `${i.code}@${i.path}`).sort()).toEqual(['type@lr', 'unknown-key@extra']);
    expect(() => t.dict({ ['__proto__']: t.int() })).toThrow(SymbolicError);
  });

  it('record checks every value and rejects prototype keys', () => {
    const spec = t.record(t.int());
    expect((spec.parse({ a: 1, b: 2 }) as unknown as Dict).symKeys()).toEqual(['a', 'b']);
    expect(() => spec.parse({ a: 'x' })).toThrow('a: expected int, got "x"');
    const evil = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 2}');
    const issues = issuesOf(() => spec.parse(evil));
    expect(issues.map((i) => i.code)).toEqual(['forbidden-key', 'forbidden-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('object checks the class; union takes the first member that fits', () => {
    expect(t.object(Block).parse(new Block())).toBeInstanceOf(Block);
    expect(() => t.object(Block).parse({ kernel: 3 })).toThrow('expected Block, got object');
    const u = t.union([t.int(), t.str()]);
    expect(u.parse(3)).toBe(3);
    expect(u.parse('a')).toBe('a');
    expect(() => u.parse(true)).toThrow('expected int | str, got true');
    expect(() => t.union([])).toThrow(SymbolicError);
  });

  it('nested issues carry full paths', () => {
    const spec = t.dict({ stages: t.list(t.dict({ kernel: t.int({ min: 1, max: 11 }) })) });
    expect(() => spec.parse({ stages: [{ kernel: 3 }, { kernel: 0 }] })).toThrow('stages[1].kernel: expected int in [1, 11], got 0');
    expect(spec.accepts({ stages: [] })).toBe(true);
    expect(spec.accepts({ stages: [{}] })).toBe(false);
  });

  it('a ValidationError message has one `path: message` line per issue', () => {
    const spec = t.dict({ a: t.int(), b: t.list(t.str()) });
    let error: ValidationError | undefined;
    try {
      spec.parse({ a: 'x', b: ['ok', 1] });
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error!.message).toBe('a: expected int, got "x"\nb[1]: expected str, got 1');
    expect(error!.path).toBe('a');
    expect(error!.name).toBe('ValidationError');
    expect(formatIssues([{ code: 'type', path: '', message: 'm' }])).toBe('<root>: m');
  });

  it('MISSING is not a value unless partial values are allowed', () => {
    expect(() => t.int().parse(MISSING)).toThrow('missing required value');
  });
});

describe('any', () => {
  it('accepts null, also inside Dicts and Lists', () => {
    expect(t.any().parse(null)).toBeNull();
    expect((new Dict({ a: null }) as Dict).a).toBeNull();
    expect([...List.of(null, 1)]).toEqual([null, 1]);
  });
});
