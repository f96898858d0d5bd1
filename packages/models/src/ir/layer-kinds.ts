/**
 * The one registry of IR layer kinds: per kind its config check, shape rule, parameters and
 * multiply-adds, and hardware op ({@link LayerKindSpec}). Shape inference, `checkGraph`,
 * `countParams`/`countFlops`, `activationMemory` and `ops` all read it; `@tsglove/train` keeps the
 * matching TensorFlow.js builders in a record of the same keys.
 *
 * Adding a layer kind: its config in `LayerConfigs` (`layers.ts`), its spec here (the record's
 * type makes it required), its TensorFlow.js builder in `@tsglove/train` `tf-layers.ts` (also
 * required by type), and optionally a `GraphBuilder` shorthand.
 */
import { ModelsError, ShapeError } from '../errors.js';
import type { LayerKindSpec } from './layer-kind.js';
import type { LayerConfigs, LayerKind, Shape } from './layers.js';
import { add, concat, fusion, multiply } from './kinds/merge.js';
import { activation, batchNorm, dense, dropConnect, dropout, flatten, input } from './kinds/pointwise.js';
import { conv2d, globalPool, pool2d, spaceToDepth, upsample } from './kinds/spatial.js';

/** Every layer kind's spec, keyed by kind. */
export const layerKinds: { readonly [K in LayerKind]: LayerKindSpec<K> } = Object.freeze({
  input,
  conv2d,
  dense,
  flatten,
  batchNorm,
  activation,
  pool2d,
  globalPool,
  add,
  multiply,
  concat,
  fusion,
  upsample,
  spaceToDepth,
  dropout,
  dropConnect,
});

/** The spec of `kind`, or undefined for a name that is not a layer kind. */
export function layerKind(kind: string): LayerKindSpec<LayerKind> | undefined {
  return Object.hasOwn(layerKinds, kind) ? (layerKinds[kind as LayerKind] as unknown as LayerKindSpec<LayerKind>) : undefined;
}

/**
 * The output shape of a layer of kind `kind` with `config` applied to inputs of `inputShapes`.
 * Throws a {@link ShapeError} naming `where` when the inputs do not fit.
 */
export function inferShape<K extends LayerKind>(kind: K, config: LayerConfigs[K], inputShapes: readonly Shape[], where = ''): Shape {
  const spec = layerKind(kind);
  if (!spec) throw new ShapeError(`unknown layer kind ${JSON.stringify(kind)}`, where);
  return spec.shape(config as LayerConfigs[LayerKind], inputShapes, where);
}

/**
 * Checks the fields of a layer config (integers, rates, enums); errors name `where.field`. The
 * typed builder calls check their arguments themselves; this guards `GraphBuilder.layer` and
 * `checkGraph`.
 */
export function validateConfig(kind: LayerKind, config: unknown, where: string): void {
  const spec = layerKind(kind);
  if (!spec) throw new ModelsError(`unknown layer kind ${JSON.stringify(kind)}`, where ? `${where}.kind` : 'kind');
  spec.validate((config ?? {}) as Record<string, unknown>, (f) => (where ? `${where}.${f}` : f));
}
