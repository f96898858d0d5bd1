/** The layer kinds that slide over or resample the spatial axes: conv2d, pool2d, globalPool, upsample, spaceToDepth. */
import { ModelsError, ShapeError } from '../../errors.js';
import { checkInt, checkOneOf, type LayerKindSpec } from '../layer-kind.js';
import { featureMap, firstInput, numElements, windowOutput, type Shape } from '../layers.js';

const PADDINGS = ['same', 'valid'];
const POOL_MODES = ['max', 'avg'];

/** A (grouped) 2-D convolution; `groups === input channels` is depthwise. */
export const conv2d: LayerKindSpec<'conv2d'> = {
  validate(c, at) {
    checkInt(c.filters, at('filters'), 1);
    const k = c.kernel as unknown[];
    if (!Array.isArray(k) || k.length !== 2) throw new ModelsError('expected [kh, kw]', at('kernel'));
    checkInt(k[0], at('kernel[0]'), 1);
    checkInt(k[1], at('kernel[1]'), 1);
    checkInt(c.stride, at('stride'), 1);
    checkInt(c.groups, at('groups'), 1);
    checkInt(c.dilation, at('dilation'), 1);
    checkOneOf(c.padding, PADDINGS, at('padding'));
  },
  shape(cfg, inputs, where) {
    const [h, w, ch] = featureMap(firstInput(inputs, where, 'conv2d'), where, 'conv2d');
    if (ch % cfg.groups !== 0 || cfg.filters % cfg.groups !== 0) {
      throw new ShapeError(`groups ${cfg.groups} must divide input channels ${ch} and filters ${cfg.filters}`, where);
    }
    const oh = windowOutput(h, cfg.kernel[0], cfg.stride, cfg.padding, cfg.dilation);
    const ow = windowOutput(w, cfg.kernel[1], cfg.stride, cfg.padding, cfg.dilation);
    if (oh < 1 || ow < 1) throw new ShapeError(`kernel ${cfg.kernel.join('x')} does not fit a ${h}x${w} input`, where);
    return [oh, ow, cfg.filters];
  },
  cost(layer, inShape) {
    const c = layer.config;
    const perOut = c.kernel[0] * c.kernel[1] * (inShape[inShape.length - 1]! / c.groups);
    return { trainable: perOut * c.filters + (c.useBias ? c.filters : 0), nonTrainable: 0, macs: numElements(layer.shape) * perOut };
  },
  op(layer, inShape) {
    const c = layer.config;
    const [h, w, ch] = inShape as [number, number, number];
    const [filterH, filterW] = c.kernel;
    if (c.groups > 1 && c.groups === ch) {
      const multiplier = c.filters / ch;
      return {
        kind: 'depthwise',
        name: layer.name,
        ifmapH: h,
        ifmapW: w,
        filterH,
        filterW,
        channels: ch,
        stride: c.stride,
        multiplier,
        padding: c.padding,
      };
    }
    return {
      kind: 'conv2d',
      name: layer.name,
      ifmapH: h,
      ifmapW: w,
      filterH,
      filterW,
      channels: ch,
      numFilters: c.filters,
      stride: c.stride,
      groups: c.groups,
      padding: c.padding,
    };
  },
};

/** Max or average pooling over windows. */
export const pool2d: LayerKindSpec<'pool2d'> = {
  validate(c, at) {
    checkOneOf(c.mode, POOL_MODES, at('mode'));
    checkInt(c.size, at('size'), 1);
    checkInt(c.stride, at('stride'), 1);
    checkOneOf(c.padding, PADDINGS, at('padding'));
  },
  shape(cfg, inputs, where) {
    const [h, w, ch] = featureMap(firstInput(inputs, where, 'pool2d'), where, 'pool2d');
    const oh = windowOutput(h, cfg.size, cfg.stride, cfg.padding);
    const ow = windowOutput(w, cfg.size, cfg.stride, cfg.padding);
    if (oh < 1 || ow < 1) throw new ShapeError(`pool size ${cfg.size} does not fit a ${h}x${w} input`, where);
    return [oh, ow, ch];
  },
  op(layer, inShape) {
    const [h, w, ch] = inShape as [number, number, number];
    const c = layer.config;
    return {
      kind: 'pool',
      name: layer.name,
      mode: c.mode,
      ifmapH: h,
      ifmapW: w,
      channels: ch,
      windowH: c.size,
      windowW: c.size,
      stride: c.stride,
      padding: c.padding,
    };
  },
};

/** Pooling of the whole map. */
export const globalPool: LayerKindSpec<'globalPool'> = {
  validate(c, at) {
    checkOneOf(c.mode, POOL_MODES, at('mode'));
  },
  shape(cfg, inputs, where) {
    const [, , ch] = featureMap(firstInput(inputs, where, 'globalPool'), where, 'globalPool');
    return cfg.keepDims ? [1, 1, ch] : [ch];
  },
  op(layer, inShape) {
    const [h, w, ch] = inShape as [number, number, number];
    return { kind: 'pool', name: layer.name, mode: 'global', ifmapH: h, ifmapW: w, channels: ch, windowH: h, windowW: w, stride: 1 };
  },
};

/** Nearest-neighbour upsampling by an integer factor. */
export const upsample: LayerKindSpec<'upsample'> = {
  validate(c, at) {
    checkInt(c.factor, at('factor'), 1);
  },
  shape(cfg, inputs, where): Shape {
    const [h, w, ch] = featureMap(firstInput(inputs, where, 'upsample'), where, 'upsample');
    return [h * cfg.factor, w * cfg.factor, ch];
  },
  op: (layer) => ({ kind: 'elementwise', name: layer.name, fn: 'upsample', elements: numElements(layer.shape), opsPerElement: 0 }),
};

/** Space-to-depth: `[H, W, C] → [H/b, W/b, C·b²]`. */
export const spaceToDepth: LayerKindSpec<'spaceToDepth'> = {
  validate(c, at) {
    checkInt(c.blockSize, at('blockSize'), 1);
  },
  shape(cfg, inputs, where) {
    const [h, w, ch] = featureMap(firstInput(inputs, where, 'spaceToDepth'), where, 'spaceToDepth');
    const b = cfg.blockSize;
    if (h % b !== 0 || w % b !== 0) throw new ShapeError(`space-to-depth block ${b} does not divide a ${h}x${w} input`, where);
    return [h / b, w / b, ch * b * b];
  },
  op: (layer) => ({ kind: 'elementwise', name: layer.name, fn: 'space_to_depth', elements: numElements(layer.shape), opsPerElement: 0 }),
};
