/** The layer-kind registry: one entry per kind drives shapes, checks, costs and hardware ops. */
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  ACTIVATION_OPS,
  GraphBuilder,
  activationMemory,
  checkGraph,
  countParams,
  inferShape,
  layerKinds,
  ops,
  validateConfig,
  ModelsError,
  type LayerKind,
} from '@tsglove/models';

describe('layerKinds', () => {
  it('holds every rule of every kind', () => {
    for (const [kind, spec] of Object.entries(layerKinds)) {
      expect(typeof spec.validate, kind).toBe('function');
      expect(typeof spec.shape, kind).toBe('function');
      // Only kinds with weights or multiply-adds have a cost; the others cost NO_COST.
      expect(typeof spec.cost, kind).toBe(['conv2d', 'dense', 'batchNorm', 'fusion'].includes(kind) ? 'function' : 'undefined');
      expect(typeof spec.op, kind).toBe('function');
    }
  });

  it('rejects names that are not kinds, inherited object keys included', () => {
    for (const kind of ['toString', 'constructor', 'lstm']) {
      expect(() => inferShape(kind as LayerKind, {} as never, [[2, 2, 1]], 'x')).toThrow(/unknown layer kind/);
      expect(() => validateConfig(kind as LayerKind, {}, 'x')).toThrow(/x\.kind: unknown layer kind/);
    }
  });

  it('flatten: a vector in channels-last order, no op, no memory of its own', () => {
    const g = new GraphBuilder([4, 4, 3], 'flat');
    const f = g.flatten(g.conv2d(g.input(), { filters: 2, kernel: 3 }));
    const graph = checkGraph(g.build(g.dense(f, { units: 5 })));
    expect(graph.layers.map((l) => l.shape)).toEqual([[4, 4, 3], [4, 4, 2], [32], [5]]);
    expect(countParams(graph).trainable).toBe(3 * 3 * 3 * 2 + 2 + 32 * 5 + 5);
    expect(ops(graph).map((o) => o.name)).toEqual(['conv2d', 'dense']);
    expect(activationMemory(graph).total).toBe(48 + 32 + 5);
  });

  it('activations come from one vocabulary; alpha only for parametricSoftplus', () => {
    expect(Object.keys(ACTIVATION_OPS)).toEqual([...ACTIVATIONS]);
    expect(ACTIVATIONS).toEqual(expect.arrayContaining(['relu', 'swish', 'gelu', 'softplus', 'parametricSoftplus', 'elu', 'hardSwish']));
    const g = new GraphBuilder([2, 2, 1]);
    const y = g.activation(g.input(), 'parametricSoftplus', 'psp', 4);
    const graph = g.build(y);
    expect(graph.layers[1]!.config).toEqual({ fn: 'parametricSoftplus', alpha: 4 });
    expect(ops(graph)[0]).toMatchObject({ fn: 'parametricSoftplus', opsPerElement: ACTIVATION_OPS.parametricSoftplus });
    expect(() => g.activation(g.input(), 'relu', 'r', 2)).toThrow(/r\.alpha: only parametricSoftplus/);
    expect(() => g.activation(g.input(), 'parametricSoftplus', 'p', 0)).toThrow(ModelsError);
    expect(() => g.layer('activation', { fn: 'parametricSoftplus', alpha: -1 }, [g.input()], 'q')).toThrow(
      /q\.alpha: expected a number > 0/,
    );
    expect(() => g.layer('activation', { fn: 'silu' as never }, [g.input()], 'a')).toThrow(/a\.fn: expected one of \['relu'/);
  });
});
