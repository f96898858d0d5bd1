/**
 * Mobile SpineNet (Du et al. 2020, "Efficient Scale-Permuted Backbone with Learned Resource
 * Distribution") as a symbolic config, laid out as the TF Model Garden implementation: stem conv
 * 3×3/2, two inverted-bottleneck init blocks (levels 1 and 2), 16 scale-permuted MBConv blocks
 * (expand 6, SE 0.2 with a hard-sigmoid gate), resampling by strided depthwise convs or nearest
 * upsampling then a 1×1 conv, and 1×1 endpoint convs for levels 3–7.
 */
import { symbolic, t, registerAlias } from '@tsglove/symbolic';
import { ModelsError, UnknownPresetError } from '../errors.js';
import { type Graph, GraphBuilder, type Tensor } from '../ir/graph.js';
import { ACTIVATIONS, type ActivationFn } from '../ir/layers.js';
import { mbConv } from '../blocks/mbconv.js';
import { SpineNetBlock, blocksFromTuples, scalePermuted, validateBlocks, type BlockSpecTuple, type Feature } from './scale-permuted.js';
import { checkResolution } from './spinenet.js';

/** The mobile SpineNet-49 block specs. */
export const MOBILE_SPINENET_BLOCK_SPECS: readonly BlockSpecTuple[] = [
  [2, 'mbconv', [0, 1], false],
  [2, 'mbconv', [1, 2], false],
  [4, 'mbconv', [1, 2], false],
  [3, 'mbconv', [3, 4], false],
  [4, 'mbconv', [3, 5], false],
  [6, 'mbconv', [4, 6], false],
  [4, 'mbconv', [4, 6], false],
  [5, 'mbconv', [7, 8], false],
  [7, 'mbconv', [7, 9], false],
  [5, 'mbconv', [9, 10], false],
  [5, 'mbconv', [9, 11], false],
  [4, 'mbconv', [6, 11], true],
  [3, 'mbconv', [5, 11], true],
  [5, 'mbconv', [8, 13], true],
  [7, 'mbconv', [6, 15], true],
  [6, 'mbconv', [13, 15], true],
];

/** Block filters by level (before filter scaling). */
export const MOBILE_SPINENET_FILTERS: Readonly<Record<number, number>> = { 0: 8, 1: 16, 2: 24, 3: 40, 4: 80, 5: 112, 6: 112, 7: 112 };

/** Scaling and input size of the published mobile SpineNets. */
export const MOBILE_SPINENET_SCALING = {
  '49': { endpointFilters: 48, filterScale: 1.0, resolution: 384 },
  '49S': { endpointFilters: 40, filterScale: 0.65, resolution: 384 },
  '49XS': { endpointFilters: 24, filterScale: 0.6, resolution: 256 },
} as const;

/** Mobile SpineNet preset names. */
export type MobileSpineNetPreset = keyof typeof MOBILE_SPINENET_SCALING;

registerAlias('MobileSpineNet', 'tsglove.models.MobileSpineNet'); // its name before 0.2, still read by fromJSON
/** A mobile SpineNet backbone; `build()` gives a graph whose outputs are levels minLevel..maxLevel. */
export class MobileSpineNet extends symbolic('tsglove.models.MobileSpineNet', {
  blocks: t.list(t.object(SpineNetBlock), { minSize: 1 }),
  endpointFilters: t.int({ min: 1 }).default(48),
  filterScale: t.float({ min: 0.01 }).default(1),
  blockRepeats: t.int({ min: 1 }).default(1),
  expandRatio: t.float({ min: 1 }).default(6),
  seRatio: t.float({ min: 0, max: 1 }).default(0.2),
  resolution: t.int({ min: 32 }).default(384),
  minLevel: t.int({ min: 2, max: 7 }).default(3),
  maxLevel: t.int({ min: 3, max: 8 }).default(7),
  activation: t.enum(ACTIVATIONS).default('swish'),
}) {
  build(): Graph {
    const g = new GraphBuilder([this.resolution, this.resolution, 3], 'mobile_spinenet');
    return g.build(mobileSpineNetBody(g, g.input(), this));
  }
}

/** Adds a mobile SpineNet to `g`; returns the endpoints of levels minLevel..maxLevel. */
export function mobileSpineNetBody(g: GraphBuilder, input: Tensor, s: MobileSpineNet): Tensor[] {
  checkResolution(s.resolution, s.maxLevel);
  const blocks = [...s.blocks];
  validateBlocks(blocks, 2, s.minLevel, s.maxLevel);
  blocks.forEach((b, i) => {
    if (b.blockFn !== 'mbconv')
      throw new ModelsError(`mobile SpineNet supports only "mbconv" blocks, got "${b.blockFn}"`, `blocks[${i}].blockFn`);
  });
  const act: ActivationFn = s.activation;
  const bn = (x: Tensor, name: string): Tensor => g.batchNorm(x, { name });
  const filtersAt = (level: number): number => {
    const f = MOBILE_SPINENET_FILTERS[level];
    if (f === undefined) throw new ModelsError(`no filter size for level ${level}`, 'blocks');
    return Math.floor(f * s.filterScale);
  };
  const ibn = (x: Tensor, filters: number, stride: number): Tensor =>
    mbConv(g, x, {
      filters,
      kernel: 3,
      stride,
      expandRatio: s.expandRatio,
      seFilters: s.seRatio > 0 ? Math.max(1, Math.floor(x.shape[2]! * s.seRatio)) : 0,
      seGate: 'hardSigmoid',
      seActivation: 'relu',
      activation: act,
    });
  const group = (x: Tensor, filters: number, stride: number, name: string): Tensor =>
    g.scope(name, () => {
      let h = x;
      for (let r = 0; r < s.blockRepeats; r++) h = g.scope(`block${r}`, () => ibn(h, filters, r === 0 ? stride : 1));
      return h;
    });
  let x = g.scope('stem', () =>
    g.activation(bn(g.conv2d(input, { filters: filtersAt(0), kernel: 3, stride: 2, useBias: false, name: 'conv' }), 'bn'), act, 'act'),
  );
  const init: Feature[] = [];
  for (let i = 0; i < 2; i++) {
    x = group(x, filtersAt(i + 1), i === 0 ? 1 : 2, `stem_block${i + 1}`);
    init.push({ tensor: x, level: i + 1, blockFn: 'mbconv' });
  }
  const outputs = scalePermuted(g, init, blocks, {
    activation: act,
    filtersAt,
    blockGroup: (h, filters, _fn, name) => group(h, filters, 1, name),
    resample: (f, level, filters, _fn, name) =>
      g.scope(name, () => {
        let h = f.tensor;
        for (let l = f.level; l < level; l++)
          h = g.activation(bn(g.depthwiseConv2d(h, { kernel: 3, stride: 2, name: `down${l}` }), `down${l}_bn`), act, `down${l}_act`);
        if (f.level > level) h = g.upsample(h, 2 ** (f.level - level), 'upsample');
        return bn(g.conv2d(h, { filters, kernel: 1, useBias: false, name: 'project' }), 'project_bn');
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

/** A published mobile SpineNet. */
export function mobileSpineNet(preset: MobileSpineNetPreset, options: { resolution?: number } = {}): MobileSpineNet {
  if (!Object.hasOwn(MOBILE_SPINENET_SCALING, preset))
    throw new UnknownPresetError(String(preset), Object.keys(MOBILE_SPINENET_SCALING), 'preset');
  return new MobileSpineNet({ blocks: blocksFromTuples(MOBILE_SPINENET_BLOCK_SPECS), ...MOBILE_SPINENET_SCALING[preset], ...options });
}
