/** `summary(model)`: a Keras-like text table of a graph's layers, shapes and parameters. */
import { toGraph, layerCost, countParams, countFlops, type ModelLike } from './analysis.js';

/**
 * One line per layer (name, kind, output shape, parameters; shared layers show `shared`), then the
 * totals. `maxLayers` elides the middle of long graphs.
 */
export function summary(model: ModelLike, options: { maxLayers?: number } = {}): string {
  const g = toGraph(model);
  const rows = g.layers.map((l) => {
    const c = layerCost(g, l);
    const params = l.sharedWith !== undefined ? `shared with ${g.layers[l.sharedWith]!.name}` : String(c.trainable + c.nonTrainable);
    return [l.name, l.kind === 'activation' ? `activation(${l.config.fn})` : l.kind, `[${l.shape.join(', ')}]`, params];
  });
  const max = options.maxLayers ?? Infinity;
  let shown: (string[] | null)[] = rows;
  if (rows.length > max) {
    const head = Math.ceil(max / 2);
    shown = [...rows.slice(0, head), null, ...rows.slice(rows.length - (max - head))];
  }
  const header = ['layer', 'kind', 'output shape', 'params'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const p = countParams(g);
  return [
    `${g.name}: ${g.layers.length} layers`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...shown.map((r) => (r ? line(r) : `... ${rows.length - max} more layers ...`)),
    `trainable params: ${p.trainable.toLocaleString('en-US')}`,
    `non-trainable params: ${p.nonTrainable.toLocaleString('en-US')}`,
    `multiply-adds: ${countFlops(g).toLocaleString('en-US')}`,
  ].join('\n');
}
