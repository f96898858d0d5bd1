import { describe, expect, it } from 'vitest';
import type { Op } from '@tsglove/hwsim';
import {
  buildNasBenchMacro,
  checkGraph,
  countFlops,
  countParams,
  ModelsError,
  nasBenchMacro,
  nasBenchMacroTable,
  NasBenchMacro,
  ops,
} from '../src/index.js';

describe('NAS-Bench-Macro', () => {
  const table = nasBenchMacroTable();

  it('ships all 6,561 entries', () => {
    expect(table.entries.length).toBe(6561);
    expect(new Set(table.entries.map((e) => e.key)).size).toBe(6561);
    expect(table.best.meanAcc).toBe(Math.max(...table.entries.map((e) => e.meanAcc)));
    expect(table.get('00000000').params).toBe(387882);
  });

  it('reproduces params and flops of every network exactly', () => {
    const wrong: string[] = [];
    for (const e of table.entries) {
      const g = buildNasBenchMacro([...e.key].map(Number));
      const p = countParams(g);
      // the benchmark counts trainable parameters (conv weights, BN γ/β, classifier)
      if (p.trainable !== e.params || countFlops(g) !== e.flops)
        wrong.push(`${e.key}: ${p.trainable}/${e.params} ${countFlops(g)}/${e.flops}`);
    }
    expect(wrong).toEqual([]);
  });

  it('builds well-formed graphs with hwsim ops', () => {
    for (const key of ['00000000', '22222222', '12021012']) {
      const m = nasBenchMacro(key);
      expect(m).toBeInstanceOf(NasBenchMacro);
      expect(m.key).toBe(key);
      const g = checkGraph(m.build());
      expect(g.outputShapes).toEqual([[10]]);
      const list: Op[] = ops(g);
      expect(list.length).toBeGreaterThan(5);
    }
  });

  it('identity layers keep the shape without layers; residuals only when shapes agree', () => {
    const g = nasBenchMacro('10000000').build();
    expect(g.layers.filter((l) => l.kind === 'add')).toHaveLength(0);
    const g2 = nasBenchMacro('11000000').build();
    expect(g2.layers.filter((l) => l.kind === 'add')).toHaveLength(1);
  });

  it('rejects bad keys naming the field', () => {
    expect(() => nasBenchMacro('0120')).toThrow(/^key: expected 8 characters over \{0,1,2\}, got "0120"/);
    expect(() => nasBenchMacro('01201203')).toThrow(ModelsError);
    expect(() => table.get('x')).toThrow(/key:/);
    expect(() => new NasBenchMacro({ ops: [0, 1, 2, 3, 0, 0, 0, 0] })).toThrow(/ops\[3\]/);
    expect(() => buildNasBenchMacro([0, 1])).toThrow(/^ops: expected 8 choices/);
    expect(() => buildNasBenchMacro([0, 0, 0, 5, 0, 0, 0, 0])).toThrow(/^ops\[3\]: expected one of \[0, 1, 2\], got 5$/);
  });
});
