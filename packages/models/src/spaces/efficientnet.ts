/**
 * EfficientNet-style search spaces: per stage of the B0 skeleton (strides and filters fixed), a
 * choice of kernel, expansion, squeeze-excite, activation, repeats and (for EfficientNet-X) fused
 * MBConv; EfficientNet-X adds the choice of a space-to-depth stem block.
 */
import { oneOf } from '@tsglove/symbolic';
import { ModelsError } from '../errors.js';
import type { ActivationFn } from '../ir/layers.js';
import type { BlockArgs } from '../efficientnet/block-args.js';
import { decodeBlockString } from '../efficientnet/block-string.js';
import { EfficientNet, MBConvBlock } from '../efficientnet/model.js';
import { EFFICIENTNET_B0_BLOCKS, EFFICIENTNET_X_B0_BLOCKS } from '../efficientnet/presets.js';

/** Candidate values of {@link efficientNetSpace}; a single candidate fixes the field. */
export interface MBConvSpaceOptions {
  kernels?: readonly number[];
  expandRatios?: readonly number[];
  seRatios?: readonly number[];
  activations?: readonly ActivationFn[];
  /** Added to each stage's B0 repeats (results below 1 are dropped). */
  repeatDeltas?: readonly number[];
  /** Fused MBConv or not, per stage. */
  fused?: readonly boolean[];
  /** Input resolution (default 224). */
  resolution?: number;
  numClasses?: number;
}

const DEFAULTS = {
  kernels: [3, 5, 7],
  expandRatios: [1, 3, 6],
  seRatios: [0, 0.25],
  activations: ['relu', 'swish'] as ActivationFn[],
  repeatDeltas: [-1, 0, 1],
  fused: [false],
};

function choice<T>(values: readonly T[], name: string, path: string): T {
  if (!Array.isArray(values) || values.length === 0) throw new ModelsError('needs at least one candidate', path);
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0]! : (oneOf(distinct, { name }) as T);
}

/** One stage of the space from its B0 block args. */
function stageBlock(
  b: BlockArgs,
  s: number,
  o: Required<Omit<MBConvSpaceOptions, 'resolution' | 'numClasses'>>,
  first: boolean,
  extra: Partial<BlockArgs> = {},
): MBConvBlock {
  const repeats = [...new Set(o.repeatDeltas.map((d) => b.repeats + d).filter((r) => r >= 1))];
  return new MBConvBlock({
    ...b,
    repeats: choice(repeats, `stage${s}.repeats`, 'repeatDeltas'),
    kernel: choice(o.kernels, `stage${s}.kernel`, 'kernels'),
    // the first stage keeps B0's expansion 1 (its input is the 32-channel stem)
    expandRatio: first ? b.expandRatio : choice(o.expandRatios, `stage${s}.expandRatio`, 'expandRatios'),
    seRatio: choice(o.seRatios, `stage${s}.seRatio`, 'seRatios'),
    activation: choice(o.activations, `stage${s}.activation`, 'activations'),
    fused: first ? false : choice(o.fused, `stage${s}.fused`, 'fused'),
    ...extra,
  } as never);
}

function withDefaults(options: MBConvSpaceOptions): Required<Omit<MBConvSpaceOptions, 'resolution' | 'numClasses'>> {
  return {
    kernels: options.kernels ?? DEFAULTS.kernels,
    expandRatios: options.expandRatios ?? DEFAULTS.expandRatios,
    seRatios: options.seRatios ?? DEFAULTS.seRatios,
    activations: options.activations ?? DEFAULTS.activations,
    repeatDeltas: options.repeatDeltas ?? DEFAULTS.repeatDeltas,
    fused: options.fused ?? DEFAULTS.fused,
  };
}

/**
 * An MBConv search space over the EfficientNet-B0 skeleton: an {@link EfficientNet} whose seven
 * block groups hold `oneOf` choices. `materialize(space, dna).build()` gives the network.
 */
export function efficientNetSpace(options: MBConvSpaceOptions = {}): EfficientNet {
  const o = withDefaults(options);
  const blocks = EFFICIENTNET_B0_BLOCKS.map((s, i) => stageBlock(decodeBlockString(s, `blocks[${i}]`), i, o, i === 0));
  return new EfficientNet({
    name: 'efficientnet-space',
    blocks,
    resolution: options.resolution ?? 224,
    numClasses: options.numClasses ?? 1000,
  });
}

/**
 * The EfficientNet-X search space: {@link efficientNetSpace} with fused MBConv as a per-stage choice
 * (stages 2–7) and, as one conditional choice, whether the first two stages use space-to-depth
 * (`d1` then `d2`, as in EfficientNet-X-B0) or plain strides. ReLU stem/head and SE coefficient as
 * in EfficientNet-X-B0.
 */
export function efficientNetXSpace(options: MBConvSpaceOptions = {}): EfficientNet {
  const o = withDefaults({ fused: [false, true], ...options });
  const x = EFFICIENTNET_X_B0_BLOCKS.map((s, i) => decodeBlockString(s, `blocks[${i}]`));
  const rest = (): MBConvBlock[] => x.slice(2).map((b, i) => stageBlock({ ...b, spaceToDepth: 0, fused: false }, i + 2, o, false));
  const withS2D = [stageBlock(x[0]!, 0, o, true, { spaceToDepth: 1 }), stageBlock(x[1]!, 1, o, false, { spaceToDepth: 2 }), ...rest()];
  const plain = [stageBlock(x[0]!, 0, o, true, { spaceToDepth: 0 }), stageBlock(x[1]!, 1, o, false, { spaceToDepth: 0 }), ...rest()];
  return new EfficientNet({
    name: 'efficientnet-x-space',
    blocks: oneOf([withS2D, plain], { name: 'spaceToDepth' }) as unknown as MBConvBlock[],
    activation: 'relu',
    seCoefficient: 4,
    resolution: options.resolution ?? 224,
    numClasses: options.numClasses ?? 1000,
  });
}
