/**
 * What the IR knows about one layer kind ({@link LayerKindSpec}), and the field checks the kinds'
 * `validate` functions share. The kinds themselves are in `kinds/`; `layer-kinds.ts` puts them in
 * the one registry.
 */
import type { Op } from '@tsglove/hwsim';
import { t, type AnySpec, type EnumValue } from '@tsglove/symbolic';
import { checkArg, checkInt as checkIntArg, checkNumber } from '../checks.js';
import type { LayerConfigs, LayerKind, LayerOf, Shape } from './layers.js';

/** Parameter counts. */
export interface ParamCount {
  /** Weights, biases, BatchNorm γ/β, fusion weights. */
  trainable: number;
  /** BatchNorm moving mean and variance. */
  nonTrainable: number;
}

/** Parameters and multiply-adds of one layer. */
export interface LayerCost extends ParamCount {
  /** Multiply-adds (convolutions and dense layers; 0 for the rest). */
  macs: number;
}

/**
 * Everything the IR knows about one layer kind. `@tsglove/train` keeps the matching TensorFlow.js
 * builder per kind (`tfLayers`), typed so that a kind without one fails to compile.
 */
export interface LayerKindSpec<K extends LayerKind> {
  /** Checks the config's fields (integers, rates, enums); `at(field)` is the path of a field. */
  validate(config: Readonly<Record<string, unknown>>, at: (field: string) => string): void;
  /** The output shape for these input shapes; throws a `ShapeError` naming `where` when they do not fit. */
  shape(config: Readonly<LayerConfigs[K]>, inputs: readonly Shape[], where: string): Shape;
  /**
   * Parameters and multiply-adds; `inShape` is the first input's shape (the layer's own for an
   * input). Absent for a kind without weights or multiply-adds ({@link NO_COST}): the few kinds
   * that have a cost then share the analysis loops' call sites, which stay fast.
   */
  cost?(layer: LayerOf<K>, inShape: Shape): LayerCost;
  /** The op of one inference for the hardware cost model, or null when the layer computes nothing. */
  op(layer: LayerOf<K>, inShape: Shape): Op | null;
  /** Whether the output is the input itself at inference (no memory of its own): dropout, flatten. */
  readonly aliasesInput?: boolean;
}

/** The cost of a layer without weights or multiply-adds. */
export const NO_COST: LayerCost = Object.freeze({ trainable: 0, nonTrainable: 0, macs: 0 });

/** Throws unless `value` is an integer >= `min` (the project's one argument check, `checks.ts`). */
export function checkInt(value: unknown, path: string, min: number): void {
  checkIntArg(value, path, min);
}

/** Throws unless `value` is a rate in [0, 1). */
export function checkRate(value: unknown, path: string): void {
  checkNumber(value, path, 0, 1, true);
}

const enums = new WeakMap<readonly unknown[], AnySpec>();
/** Throws unless `value` is one of `values`. */
export function checkOneOf(value: unknown, values: readonly EnumValue[], path: string): void {
  let spec = enums.get(values);
  if (spec === undefined) enums.set(values, (spec = t.enum(values)));
  checkArg(spec, value, path);
}

/** The last axis of a shape (channels). */
export function lastAxis(shape: Shape): number {
  return shape[shape.length - 1]!;
}
