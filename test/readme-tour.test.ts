// The values the README's tour shows, checked on the same calls (the tour's blocks themselves run as written in readme-snippets.test.ts).
import { describe, expect, it } from 'vitest';
import {
  symbolic,
  t,
  oneOf,
  floatValue,
  dnaSpec,
  materialize,
  rebind,
  toJSONString,
  fromJSONString,
  eq,
  ValidationError,
} from '@tsglove/symbolic';
import { sample, regularizedEvolution, tpe, openStorage } from '@tsglove/search';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

class Block extends symbolic('TourBlock', {
  kernel: t.int({ min: 1, max: 11 }).default(3),
  expand: t.int({ min: 1 }).default(6),
  act: t.enum(['relu', 'swish']).default('swish'),
  se: t.float({ min: 0, max: 1 }).default(0.25),
}) {
  get area(): number {
    return this.kernel * this.kernel;
  }
}
class Net extends symbolic('TourNet', { stem: t.int(), blocks: t.list(t.object(Block)) }) {}

describe('README tour', () => {
  it('builds, rebinds and serializes a symbolic tree', () => {
    const net = new Net({ stem: 32, blocks: [new Block({ kernel: 5 }), new Block()] });
    rebind(net, { 'blocks[1].kernel': 7 });
    expect(net.blocks[1]!.kernel).toBe(7);
    expect(net.blocks[1]!.area).toBe(49);
    const before = toJSONString(net);
    expect(() => rebind(net, { 'blocks[0].kernel': 0 })).toThrow(ValidationError);
    expect(() => rebind(net, { 'blocks[0].kernel': 0 })).toThrow('blocks[0].kernel: expected int in [1, 11], got 0');
    expect(toJSONString(net)).toBe(before);
    expect(before.startsWith('{"_type":"TourNet","stem":32,"blocks":[{"_type":"TourBlock"')).toBe(true);
    const back = fromJSONString(before);
    expect(back).toBeInstanceOf(Net);
    expect(eq(back, net)).toBe(true);
  });

  it('turns the same classes into a search space', () => {
    const space = new Net({
      stem: oneOf([16, 32]),
      blocks: [new Block({ kernel: oneOf([3, 5, 7]), se: floatValue(0, 0.5) })],
    });
    const spec = dnaSpec(space);
    expect(spec.decisionPoints.map((p) => p.id)).toEqual(['stem', 'blocks[0].kernel', 'blocks[0].se']);
    const child = materialize(space, [1, 2, 0.1]);
    expect(child).toBeInstanceOf(Net);
    expect(child.stem).toBe(32);
    expect(child.blocks[0]).toBeInstanceOf(Block);
    expect(child.blocks[0]!.kernel).toBe(7);
    expect(child.blocks[0]!.se).toBe(0.1);
    expect(child.blocks[0]!.area).toBe(49);
  });

  it('searches the space: evolution in memory, then TPE with 4 in flight on SQLite', async () => {
    const space = new Net({
      stem: oneOf([16, 32]),
      blocks: [new Block({ kernel: oneOf([3, 5, 7]), se: floatValue(0, 0.5) })],
    });
    const score = (n: Net) => n.stem / 32 + n.blocks[0]!.kernel / 7 - n.blocks[0]!.se;
    let n = 0;
    for await (const [net, feedback] of sample(space, regularizedEvolution({ seed: 1 }), { numExamples: 60 })) {
      expect(net).toBeInstanceOf(Net);
      await feedback.report(score(net));
      n++;
    }
    expect(n).toBe(60);
    const db = join(mkdtempSync(join(tmpdir(), 'tsglove-tour-')), 'tour.db');
    const study = await sample(space, tpe({ seed: 1 }), { numExamples: 60, storage: `sqlite:${db}`, name: 'tour', workers: 4 }).run(
      async (net) => score(net),
    );
    expect(study.best!.reward).toBeGreaterThan(1.9);
    expect(study.best!.reward).toBeLessThanOrEqual(2);
    const storage = await openStorage(`sqlite:${db}`);
    try {
      expect(await storage.countTrials('tour')).toBe(60);
    } finally {
      await storage.close?.();
    }
  });
});
