/**
 * The layer kinds that act on each position (or the whole vector) of one input: input, dense,
 * flatten, batchNorm, activation, dropout, dropConnect.
 */
import { ModelsError } from '../../errors.js';
import { ACTIVATION_OPS, ACTIVATIONS } from '../activations.js';
import { checkInt, checkOneOf, checkRate, lastAxis, type LayerKindSpec } from '../layer-kind.js';
import { firstInput, numElements } from '../layers.js';

/** The graph input (always layer 0). */
export const input: LayerKindSpec<'input'> = {
  validate(c, at) {
    if (!Array.isArray(c.shape)) throw new ModelsError('expected an array', at('shape'));
    (c.shape as unknown[]).forEach((d, i) => checkInt(d, at(`shape[${i}]`), 1));
  },
  shape: (cfg) => [...cfg.shape],
  op: () => null,
};

/** A fully connected layer over the last axis. */
export const dense: LayerKindSpec<'dense'> = {
  validate(c, at) {
    checkInt(c.units, at('units'), 1);
  },
  shape(cfg, inputs, where) {
    return [...firstInput(inputs, where, 'dense').slice(0, -1), cfg.units];
  },
  cost(layer, inShape) {
    const cin = lastAxis(inShape);
    const units = layer.config.units;
    return { trainable: cin * units + (layer.config.useBias ? units : 0), nonTrainable: 0, macs: numElements(layer.shape) * cin };
  },
  op(layer, inShape) {
    const k = lastAxis(inShape);
    return { kind: 'matmul', name: layer.name, m: numElements(inShape) / k, k, n: layer.config.units };
  },
};

/** Flattens to a vector (a reshape: no compute, no memory of its own). */
export const flatten: LayerKindSpec<'flatten'> = {
  validate() {},
  shape: (_cfg, inputs, where) => [numElements(firstInput(inputs, where, 'flatten'))],
  op: () => null,
  aliasesInput: true,
};

/** Batch normalization over the channel axis. */
export const batchNorm: LayerKindSpec<'batchNorm'> = {
  validate() {},
  shape: (_cfg, inputs, where) => [...firstInput(inputs, where, 'batchNorm')],
  cost(layer) {
    const ch = lastAxis(layer.shape);
    return { trainable: ((layer.config.center ? 1 : 0) + (layer.config.scale ? 1 : 0)) * ch, nonTrainable: 2 * ch, macs: 0 };
  },
  op: (layer) => ({ kind: 'elementwise', name: layer.name, fn: 'batchnorm', elements: numElements(layer.shape), opsPerElement: 2 }),
};

/** An elementwise activation from the one vocabulary (`activations.ts`). */
export const activation: LayerKindSpec<'activation'> = {
  validate(c, at) {
    checkOneOf(c.fn, ACTIVATIONS, at('fn'));
    if (c.alpha !== undefined && !(typeof c.alpha === 'number' && c.alpha > 0))
      throw new ModelsError(`expected a number > 0, got ${String(c.alpha)}`, at('alpha'));
  },
  shape: (_cfg, inputs, where) => [...firstInput(inputs, where, 'activation')],
  op: (layer) => ({
    kind: 'elementwise',
    name: layer.name,
    fn: layer.config.fn,
    elements: numElements(layer.shape),
    opsPerElement: ACTIVATION_OPS[layer.config.fn] ?? 1,
  }),
};

/** Dropout (identity at inference). */
export const dropout: LayerKindSpec<'dropout'> = {
  validate(c, at) {
    checkRate(c.rate, at('rate'));
  },
  shape: (_cfg, inputs, where) => [...firstInput(inputs, where, 'dropout')],
  op: () => null,
  aliasesInput: true,
};

/** Stochastic depth on a residual branch (identity at inference). */
export const dropConnect: LayerKindSpec<'dropConnect'> = {
  validate(c, at) {
    checkRate(c.rate, at('rate'));
  },
  shape: (_cfg, inputs, where) => [...firstInput(inputs, where, 'dropConnect')],
  op: () => null,
  aliasesInput: true,
};
