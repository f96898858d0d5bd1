/**
 * Symbolic classes shared by the tests: a small Net of Stages of Blocks (the shape of the bench
 * workload), and helpers to snapshot a tree and assert that an operation left it unchanged.
 */
import { expect } from 'vitest';
import { symbolic, t, toJSON, SymbolicError } from '@tsglove/symbolic';

export class Block extends symbolic('test.Block', {
  kernel: t.int({ min: 1, max: 11 }).default(3).describe('kernel size'),
  expand: t.int({ min: 1 }).default(6),
  act: t.enum(['relu', 'swish']).default('swish'),
  se: t.float({ min: 0, max: 1 }).optional(),
}) {
  /** A user method added by extending the generated class. */
  area(): number {
    return this.kernel * this.kernel;
  }
}

export class Stage extends symbolic('test.Stage', {
  blocks: t.list(t.object(Block), { minSize: 1, maxSize: 8 }),
  name: t.str({ regex: /^[a-z]+$/ }).default('stage'),
}) {}

export class Net extends symbolic('test.Net', {
  stem: t.int({ min: 1 }),
  stages: t.list(t.object(Stage)),
  head: t.int({ min: 1 }).default(1280),
  meta: t.record(t.any()).default({}),
}) {}

/** A Net of `rows` stages; stage i has `sizes[i]` blocks with kernel 3. */
export function makeNet(sizes: readonly number[] = [1, 2, 2, 3]): Net {
  return new Net({
    stem: 32,
    stages: sizes.map((n) => new Stage({ blocks: Array.from({ length: n }, () => new Block({ kernel: 3 })) })),
  });
}

/** Runs `fn`, expects it to throw a SymbolicError of class `cls` whose message matches `message`, and `root` to be unchanged. */
export function expectRejected(
  root: unknown,
  fn: () => unknown,
  cls: abstract new (...args: never[]) => SymbolicError,
  message: RegExp | string,
): SymbolicError {
  const before = JSON.stringify(toJSON(root));
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a throw').toBeInstanceOf(cls);
  expect(caught).toBeInstanceOf(SymbolicError);
  expect((caught as Error).message).toMatch(message);
  expect(JSON.stringify(toJSON(root))).toBe(before);
  return caught as SymbolicError;
}
