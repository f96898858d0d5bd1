/** The layer kinds that combine several inputs: add, multiply, concat, fusion. */
import { ShapeError } from '../../errors.js';
import { checkOneOf, type LayerKindSpec } from '../layer-kind.js';
import { firstInput, numElements, sameShape, type Shape } from '../layers.js';

/** The shape of same-shaped inputs (at least two). */
function sameShapes(inputs: readonly Shape[], where: string, kind: string): Shape {
  const s = firstInput(inputs, where, kind);
  if (inputs.length < 2) throw new ShapeError(`${kind} needs at least two inputs`, where);
  inputs.forEach((other, i) => {
    if (!sameShape(s, other)) throw new ShapeError(`${kind} input ${i} has shape [${other.join(', ')}], expected [${s.join(', ')}]`, where);
  });
  return [...s];
}

/** Elementwise sum of two or more same-shaped inputs. */
export const add: LayerKindSpec<'add'> = {
  validate() {},
  shape: (_cfg, inputs, where) => sameShapes(inputs, where, 'add'),
  op: (layer) => ({
    kind: 'elementwise',
    name: layer.name,
    fn: 'add',
    elements: numElements(layer.shape),
    inputs: layer.inputs.length,
    opsPerElement: layer.inputs.length - 1,
  }),
};

/** Elementwise product of two inputs; a `[1, 1, C]` gate broadcasts over `[H, W, C]`. */
export const multiply: LayerKindSpec<'multiply'> = {
  validate() {},
  shape(_cfg, inputs, where) {
    if (inputs.length !== 2) throw new ShapeError('multiply needs two inputs', where);
    const [a, b] = inputs as [Shape, Shape];
    if (sameShape(a, b)) return [...a];
    const big = numElements(a) >= numElements(b) ? a : b;
    const small = big === a ? b : a;
    if (big.length === 3 && small.length === 3 && small[0] === 1 && small[1] === 1 && small[2] === big[2]) return [...big];
    throw new ShapeError(`multiply cannot broadcast [${a.join(', ')}] with [${b.join(', ')}]`, where);
  },
  op: (layer) => ({ kind: 'elementwise', name: layer.name, fn: 'multiply', elements: numElements(layer.shape), inputs: 2 }),
};

/** Concatenation along the channel (last) axis. */
export const concat: LayerKindSpec<'concat'> = {
  validate() {},
  shape(_cfg, inputs, where) {
    const s = firstInput(inputs, where, 'concat');
    let channels = 0;
    inputs.forEach((other, i) => {
      if (other.length !== s.length || other.slice(0, -1).some((d, j) => d !== s[j])) {
        throw new ShapeError(`concat input ${i} has shape [${other.join(', ')}], incompatible with [${s.join(', ')}]`, where);
      }
      channels += other[other.length - 1]!;
    });
    return [...s.slice(0, -1), channels];
  },
  op: (layer) => ({ kind: 'elementwise', name: layer.name, fn: 'concat', elements: numElements(layer.shape), opsPerElement: 0 }),
};

/** Weighted sum of same-shaped inputs with one trainable weight per input (BiFPN fusion). */
export const fusion: LayerKindSpec<'fusion'> = {
  validate(c, at) {
    checkOneOf(c.method, ['fast', 'softmax'], at('method'));
  },
  shape: (_cfg, inputs, where) => sameShapes(inputs, where, 'fusion'),
  cost: (layer) => ({ trainable: layer.inputs.length, nonTrainable: 0, macs: 0 }),
  op: (layer) => ({
    kind: 'elementwise',
    name: layer.name,
    fn: 'fusion',
    elements: numElements(layer.shape),
    inputs: layer.inputs.length,
    opsPerElement: 2 * layer.inputs.length,
  }),
};
