/**
 * SpineNet (Du et al. 2020, "SpineNet: Learning Scale-Permuted Backbone for Recognition and
 * Localization") as a symbolic config, laid out as the TF Model Garden implementation: stem conv
 * 7×7/2 + max pool, two level-2 bottleneck groups, 16 scale-permuted blocks, and 1×1 endpoint convs
 * for levels 3–7. Cross-scale resampling: 1×1 conv to `alpha` × the parent width, a 3×3/2 conv then
 * max pools down, or nearest upsampling up, then a 1×1 conv to the target width.
 */
import { symbolic, t, registerAlias } from '@tsglove/symbolic';
import { ModelsError, UnknownPresetError } from '../errors.js';
import { type Graph, GraphBuilder, type Tensor } from '../ir/graph.js';
import { ACTIVATIONS, type ActivationFn } from '../ir/layers.js';
import { bottleneck } from '../resnet/model.js';
import {
  SpineNetBlock,
  blocksFromTuples,
  scalePermuted,
  validateBlocks,
  type BlockSpecTuple,
  type Feature,
  type SpineNetBlockFn,
} from './scale-permuted.js';

/** The SpineNet-49 block specs found by NAS. */
export const SPINENET_BLOCK_SPECS: readonly BlockSpecTuple[] = [
  [2, 'bottleneck', [0, 1], false],
  [4, 'residual', [0, 1], false],
  [3, 'bottleneck', [2, 3], false],
  [4, 'bottleneck', [2, 4], false],
  [6, 'residual', [3, 5], false],
  [4, 'bottleneck', [3, 5], false],
  [5, 'residual', [6, 7], false],
  [7, 'residual', [6, 8], false],
  [5, 'bottleneck', [8, 9], false],
  [5, 'bottleneck', [8, 10], false],
  [4, 'bottleneck', [5, 10], true],
  [3, 'bottleneck', [4, 10], true],
  [5, 'bottleneck', [7, 12], true],
  [7, 'bottleneck', [5, 14], true],
  [6, 'bottleneck', [12, 14], true],
  [2, 'bottleneck', [2, 13], true],
];

/** Block filters by level (before filter scaling and bottleneck ×4). */
export const SPINENET_FILTERS: Readonly<Record<number, number>> = { 1: 32, 2: 64, 3: 128, 4: 256, 5: 256, 6: 256, 7: 256 };

/**
 * Scaling of the published SpineNets (the Model Garden / TPU `SCALING_MAP`). The 49S endpoint width
 * here is the reference code's 128; the paper's 49S RetinaNet counts need 256 (see {@link SpineNetOptions}).
 */
export const SPINENET_SCALING = {
  '49S': { endpointFilters: 128, filterScale: 0.65, resampleAlpha: 0.5, blockRepeats: 1 },
  '49': { endpointFilters: 256, filterScale: 1.0, resampleAlpha: 0.5, blockRepeats: 1 },
  '96': { endpointFilters: 256, filterScale: 1.0, resampleAlpha: 0.5, blockRepeats: 2 },
  '143': { endpointFilters: 256, filterScale: 1.0, resampleAlpha: 1.0, blockRepeats: 3 },
  '190': { endpointFilters: 512, filterScale: 1.3, resampleAlpha: 1.0, blockRepeats: 4 },
} as const;

/** SpineNet preset names. */
export type SpineNetPreset = keyof typeof SPINENET_SCALING;

/** Input sizes used in the paper's detection results. */
export const SPINENET_RESOLUTION: Record<SpineNetPreset, number> = { '49S': 640, '49': 640, '96': 1024, '143': 1280, '190': 1280 };

registerAlias('SpineNet', 'tsglove.models.SpineNet'); // its name before 0.2, still read by fromJSON
/** A SpineNet backbone; `build()` gives a graph whose outputs are levels minLevel..maxLevel. */
export class SpineNet extends symbolic('tsglove.models.SpineNet', {
  blocks: t.list(t.object(SpineNetBlock), { minSize: 1 }),
  endpointFilters: t.int({ min: 1 }).default(256),
  filterScale: t.float({ min: 0.01 }).default(1),
  resampleAlpha: t.float({ min: 0.01, max: 4 }).default(0.5),
  blockRepeats: t.int({ min: 1 }).default(1),
  resolution: t.int({ min: 32 }).default(640),
  minLevel: t.int({ min: 2, max: 7 }).default(3),
  maxLevel: t.int({ min: 3, max: 8 }).default(7),
  activation: t.enum(ACTIVATIONS).default('relu'),
}) {
  build(): Graph {
    const g = new GraphBuilder([this.resolution, this.resolution, 3], 'spinenet');
    return g.build(spineNetBody(g, g.input(), this));
  }
}

/** Checks that the resolution divides by 2^maxLevel. */
export function checkResolution(resolution: number, maxLevel: number): void {
  const stride = 2 ** maxLevel;
  if (resolution % stride !== 0) throw new ModelsError(`${resolution} is not divisible by 2^maxLevel = ${stride}`, 'resolution');
}

/** Adds a SpineNet to `g`; returns the endpoints of levels minLevel..maxLevel. */
export function spineNetBody(g: GraphBuilder, input: Tensor, s: SpineNet): Tensor[] {
  checkResolution(s.resolution, s.maxLevel);
  const blocks = [...s.blocks];
  validateBlocks(blocks, 2, s.minLevel, s.maxLevel);
  const act: ActivationFn = s.activation;
  const bnOpts = { epsilon: 1e-3, useBias: false };
  const bn = (x: Tensor, name: string): Tensor => g.batchNorm(x, { name });
  const filtersAt = (level: number): number => {
    const f = SPINENET_FILTERS[level];
    if (f === undefined) throw new ModelsError(`no filter size for level ${level}`, 'blocks');
    return Math.floor(f * s.filterScale);
  };
  const channels = (filters: number, fn: SpineNetBlockFn): number => (fn === 'bottleneck' ? 4 * filters : filters);
  const residual = (x: Tensor, filters: number): Tensor => {
    const shortcut = x.shape[2] === filters ? x : bn(g.conv2d(x, { filters, kernel: 1, useBias: false, name: '0_conv' }), '0_bn');
    let h = g.activation(bn(g.conv2d(x, { filters, kernel: 3, useBias: false, name: '1_conv' }), '1_bn'), act, '1_act');
    h = bn(g.conv2d(h, { filters, kernel: 3, useBias: false, name: '2_conv' }), '2_bn');
    return g.activation(g.add([shortcut, h], 'add'), act, 'out');
  };
  const group = (x: Tensor, filters: number, fn: SpineNetBlockFn, name: string): Tensor =>
    g.scope(name, () => {
      let h = x;
      for (let r = 0; r < s.blockRepeats; r++) {
        h = g.scope(`block${r}`, () =>
          fn === 'bottleneck' ? bottleneck(g, h, filters, 1, h.shape[2] !== 4 * filters, bnOpts) : residual(h, filters),
        );
      }
      return h;
    });
  let x = g.scope('stem', () => {
    const h = g.activation(bn(g.conv2d(input, { filters: 64, kernel: 7, stride: 2, useBias: false, name: 'conv' }), 'bn'), act, 'act');
    return g.maxPool(h, { size: 3, stride: 2, padding: 'same', name: 'pool' });
  });
  const init: Feature[] = [];
  for (let i = 0; i < 2; i++) {
    x = group(x, filtersAt(2), 'bottleneck', `stem_block${i + 1}`);
    init.push({ tensor: x, level: 2, blockFn: 'bottleneck' });
  }
  const outputs = scalePermuted(g, init, blocks, {
    activation: act,
    filtersAt,
    blockGroup: group,
    resample: (f, level, filters, fn, name) =>
      g.scope(name, () => {
        const parentFilters = f.blockFn === 'bottleneck' ? f.tensor.shape[2]! / 4 : f.tensor.shape[2]!;
        const mid = Math.floor(parentFilters * s.resampleAlpha);
        let h = g.activation(bn(g.conv2d(f.tensor, { filters: mid, kernel: 1, useBias: false, name: 'conv' }), 'bn'), act, 'act');
        if (f.level < level) {
          h = g.activation(
            bn(g.conv2d(h, { filters: mid, kernel: 3, stride: 2, useBias: false, name: 'down_conv' }), 'down_bn'),
            act,
            'down_act',
          );
          for (let l = f.level + 1; l < level; l++) h = g.maxPool(h, { size: 3, stride: 2, padding: 'same', name: `pool${l}` });
        } else if (f.level > level) {
          h = g.upsample(h, 2 ** (f.level - level), 'upsample');
        }
        return bn(g.conv2d(h, { filters: channels(filters, fn), kernel: 1, useBias: false, name: 'project' }), 'project_bn');
      }),
  });
  const endpoints: Tensor[] = [];
  for (let l = s.minLevel; l <= s.maxLevel; l++) {
    endpoints.push(
      g.scope(`endpoint_p${l}`, () =>
        g.activation(
          bn(g.conv2d(outputs.get(l)!, { filters: s.endpointFilters, kernel: 1, useBias: false, name: 'conv' }), 'bn'),
          act,
          'act',
        ),
      ),
    );
  }
  return endpoints;
}

/** Options of {@link spineNet}; each overrides the preset's value. */
export interface SpineNetOptions {
  resolution?: number;
  minLevel?: number;
  maxLevel?: number;
  /**
   * Width of the 1×1 endpoint convs (P3–P7). The presets use the Model Garden / TPU `SCALING_MAP`
   * values (128 for 49S). The paper's RetinaNet + SpineNet-49S figures (12.0M params, 33.8B FLOPs;
   * the TPU model zoo lists 11.9M / 33.8B) count 256-wide endpoints under the 128-wide head:
   * `retinaNet({ backbone: spineNet('49S', { endpointFilters: 256 }), headFilters: 128 })` gives
   * 11,944,598 params and 33.745B multiply-adds, the preset 11,265,942 and 30.779B.
   */
  endpointFilters?: number;
}

/** A published SpineNet (block specs of SpineNet-49 with the preset's scaling). */
export function spineNet(preset: SpineNetPreset, options: SpineNetOptions = {}): SpineNet {
  if (!Object.hasOwn(SPINENET_SCALING, preset)) throw new UnknownPresetError(String(preset), Object.keys(SPINENET_SCALING), 'preset');
  return new SpineNet({
    blocks: blocksFromTuples(SPINENET_BLOCK_SPECS),
    ...SPINENET_SCALING[preset],
    resolution: SPINENET_RESOLUTION[preset],
    ...options,
  });
}
