/**
 * BiFPN (Tan et al. 2020, EfficientDet): repeated top-down + bottom-up cells over levels
 * min..max with fast normalized fusion and separable convs. Layout of the reference (AutoML)
 * implementation: an input whose channels differ from the BiFPN width gets its own 1×1 conv (with
 * bias) + BN; downsampling is max pool 3×3/2, upsampling nearest ×2; each node fuses its inputs,
 * applies the activation, a separable 3×3 conv (with bias) and a BN.
 */
import type { GraphBuilder, Tensor } from '../ir/graph.js';
import type { ActivationFn } from '../ir/layers.js';
import { separableConv2d } from '../blocks/separable.js';

/** Options of {@link bifpn}. */
export interface BiFPNOptions {
  filters: number;
  repeats: number;
  minLevel: number;
  maxLevel: number;
  activation: ActivationFn;
  fusion: 'fast' | 'softmax';
  separable: boolean;
  bnEpsilon?: number;
  bnMomentum?: number;
}

/** Resamples `x` (at level `from`) to `to` with `filters` channels (1×1 conv + BN if needed). */
export function resampleFeature(
  g: GraphBuilder,
  x: Tensor,
  from: number,
  to: number,
  filters: number,
  o: { bnEpsilon?: number; bnMomentum?: number },
  name: string,
): Tensor {
  return g.scope(name, () => {
    let h = x;
    if (h.shape[2] !== filters) {
      h = g.conv2d(h, { filters, kernel: 1, useBias: true, name: 'conv' });
      h = g.batchNorm(h, { epsilon: o.bnEpsilon, momentum: o.bnMomentum, name: 'bn' });
    }
    if (to > from) {
      const stride = 2 ** (to - from);
      h = g.maxPool(h, { size: stride + 1, stride, padding: 'same', name: 'pool' });
    } else if (to < from) {
      h = g.upsample(h, 2 ** (from - to), 'upsample');
    }
    return h;
  });
}

/** The nodes of one BiFPN cell: target level and offsets into the growing feature list. */
export function bifpnNodes(minLevel: number, maxLevel: number): { level: number; inputs: number[] }[] {
  const n = maxLevel - minLevel + 1;
  const nodes: { level: number; inputs: number[] }[] = [];
  const latest = Array.from({ length: n }, (_, i) => i); // latest feature index per level
  // top-down
  for (let lv = maxLevel - 1; lv >= minLevel; lv--) {
    const i = lv - minLevel;
    nodes.push({ level: lv, inputs: [latest[i]!, latest[i + 1]!] });
    latest[i] = n + nodes.length - 1;
  }
  // bottom-up
  for (let lv = minLevel + 1; lv <= maxLevel; lv++) {
    const i = lv - minLevel;
    const inputs = lv === maxLevel ? [i, latest[i - 1]!] : [i, latest[i]!, latest[i - 1]!];
    nodes.push({ level: lv, inputs });
    latest[i] = n + nodes.length - 1;
  }
  return nodes;
}

/** Applies `repeats` BiFPN cells to features at levels min..max; returns the new features. */
export function bifpn(g: GraphBuilder, features: readonly Tensor[], o: BiFPNOptions): Tensor[] {
  let feats = [...features];
  const n = o.maxLevel - o.minLevel + 1;
  const nodes = bifpnNodes(o.minLevel, o.maxLevel);
  for (let cell = 0; cell < o.repeats; cell++) {
    g.scope(`fpn_cell_${cell}`, () => {
      const all = [...feats];
      const levelOf = (idx: number): number => (idx < n ? o.minLevel + idx : nodes[idx - n]!.level);
      nodes.forEach((node, ni) => {
        const out = g.scope(`fnode${ni}`, () => {
          const inputs = node.inputs.map((idx, k) =>
            resampleFeature(g, all[idx]!, levelOf(idx), node.level, o.filters, o, `resample_${k}_${idx}`),
          );
          let h = g.fusion(inputs, { method: o.fusion, name: 'fusion' });
          h = g.activation(h, o.activation, 'activation');
          h = o.separable
            ? separableConv2d(g, h, { filters: o.filters, kernel: 3, useBias: true, name: 'conv' }).output
            : g.conv2d(h, { filters: o.filters, kernel: 3, useBias: true, name: 'conv' });
          return g.batchNorm(h, { epsilon: o.bnEpsilon, momentum: o.bnMomentum, name: 'bn' });
        });
        all.push(out);
      });
      const next: Tensor[] = [];
      nodes.forEach((node, ni) => {
        next[node.level - o.minLevel] = all[n + ni]!;
      });
      feats = next;
    });
  }
  return feats;
}
