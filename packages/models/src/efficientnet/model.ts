/**
 * EfficientNet (Tan & Le 2019) as symbolic configs: {@link MBConvBlock} (one block group, as in a
 * block string) and {@link EfficientNet} (block groups + compound scaling), with `build()` to the IR.
 * The same classes describe EfficientNet-X (fused MBConv, space-to-depth, per-block activations).
 *
 * The layout follows Keras `EfficientNetB0..B7` (counts match `model.summary()` exactly): stem
 * conv 3×3/2 (width-rounded 32) + BN + act; block groups with width-rounded filters and
 * `ceil(depth·repeats)` repeats (only the first repeat strides / changes channels); head conv 1×1
 * (width-rounded 1280) + BN + act; global average pool, dropout, dense classifier.
 */
import { symbolic, t, registerAlias, ValidationError, type FieldsOutput } from '@tsglove/symbolic';
import { type Graph, GraphBuilder, type Tensor } from '../ir/graph.js';
import { ACTIVATIONS, type ActivationFn } from '../ir/layers.js';
import { mbConv } from '../blocks/mbconv.js';
import { BLOCK_FIELDS, fieldValues, type BlockArgs } from './block-args.js';
import { decodeBlockString, encodeBlockString } from './block-string.js';
import { roundFilters, roundRepeats } from './rounding.js';

registerAlias('MBConvBlock', 'tsglove.models.MBConvBlock'); // its name before 0.2, still read by fromJSON
/** One MBConv block group (the fields of a block string, {@link BLOCK_FIELDS}). */
export class MBConvBlock extends symbolic('tsglove.models.MBConvBlock', BLOCK_FIELDS) {
  /** The block string, e.g. `r2_k3_s22_e6_i16_o24_se0.25`. */
  get blockString(): string {
    return encodeBlockString(this.args);
  }
  /** Plain block args. */
  get args(): BlockArgs {
    return fieldValues<BlockArgs>(this);
  }
  /** Parses a block string; `path` names it in errors. */
  static parse(s: string, path = 'block'): MBConvBlock {
    return new MBConvBlock(decodeBlockString(s, path));
  }
}

/** Field specs of an {@link EfficientNet}. */
const EFFICIENTNET_FIELDS = {
  name: t.str().default('efficientnet'),
  blocks: t.list(t.object(MBConvBlock), { minSize: 1 }),
  width: t.float({ min: 0.01 }).default(1).describe('width (filters) multiplier'),
  depth: t.float({ min: 0.01 }).default(1).describe('depth (repeats) multiplier'),
  resolution: t.int({ min: 8 }).default(224),
  dropout: t.float({ min: 0, max: 0.99 }).default(0.2),
  dropConnect: t.float({ min: 0, max: 0.99 }).default(0.2),
  numClasses: t.int({ min: 1 }).default(1000),
  includeTop: t.bool().default(true),
  activation: t.enum(ACTIVATIONS).default('swish'),
  stemFilters: t.int({ min: 1 }).default(32),
  headFilters: t.int({ min: 1 }).default(1280),
  divisor: t.int({ min: 1 }).default(8),
  fixHeadStem: t.bool().default(false).describe('EfficientNet-Lite: stem, head and the first/last block groups are not scaled'),
  seCoefficient: t.float({ min: 0 }).default(1).describe("multiplies every block's SE ratio (EfficientNet-X: 4 for B0, 2 for B1)"),
  bnEpsilon: t.float({ min: 0 }).default(1e-3),
  bnMomentum: t.float({ min: 0, max: 1 }).default(0.99),
};

registerAlias('EfficientNet', 'tsglove.models.EfficientNet'); // its name before 0.2, still read by fromJSON
/** An EfficientNet(-X) configuration; `build()` gives the IR graph. */
export class EfficientNet extends symbolic('tsglove.models.EfficientNet', EFFICIENTNET_FIELDS) {
  /** Plain form (block groups as {@link BlockArgs}). */
  get spec(): EfficientNetSpec {
    return { ...fieldValues<EfficientNetSpec>(this), blocks: [...this.blocks].map((b) => b.args) };
  }
  /** The IR graph. */
  build(): Graph {
    return graphOf(this.spec);
  }
}

/** Plain form of an {@link EfficientNet} config (what {@link buildEfficientNet} reads): its fields, block groups as {@link BlockArgs}. */
export type EfficientNetSpec = Omit<FieldsOutput<typeof EFFICIENTNET_FIELDS>, 'blocks'> & { blocks: readonly BlockArgs[] };

/** What {@link efficientNetBody} returns. */
export interface EfficientNetBody {
  /** Output of the last block. */
  output: Tensor;
  /** `endpoints[l]`: the last block output at stride 2^l (l = 1..5). */
  endpoints: Tensor[];
}

/** One block after scaling (what {@link planBlocks} returns). */
export interface PlannedBlock {
  /** e.g. `block2a`. */
  name: string;
  /** Group index in `blocks`. */
  group: number;
  inputFilters: number;
  outputFilters: number;
  kernel: number;
  stride: number;
  expandRatio: number;
  /** Squeezed SE width (0 = none). */
  seFilters: number;
  idSkip: boolean;
  fused: boolean;
  /** Starts with a 2×2/2 space-to-depth conv. */
  spaceToDepthConv: boolean;
  activation: ActivationFn;
}

/**
 * Expands block groups into blocks: width-rounded filters, `ceil(depth·repeats)` repeats, only the
 * first repeat strides. Space-to-depth groups (EfficientNet-X) follow the TPU reference: a group
 * with `d1` and stride 1 starts with a 2×2/2 conv and runs with filters ×4 and kernel `(k+1)/2`; a
 * `d2` group with stride 2 runs its first block at stride 1.
 */
export function planBlocks(s: EfficientNetSpec): PlannedBlock[] {
  const rf = (f: number): number => roundFilters(f, s.width, s.divisor);
  const out: PlannedBlock[] = [];
  s.blocks.forEach((b, gi) => {
    const fixed = s.fixHeadStem && (gi === 0 || gi === s.blocks.length - 1);
    const repeats = fixed ? b.repeats : roundRepeats(b.repeats, s.depth);
    const act = b.activation ?? s.activation;
    let inF = rf(b.inputFilters);
    let outF = rf(b.outputFilters);
    let kernel = b.kernel;
    let stride = b.stride;
    let s2d = b.spaceToDepth;
    let restoreAfterFirst = false;
    if (s2d) {
      const factor = Math.floor(4 / stride / stride);
      inF *= factor;
      outF *= factor;
      if (factor > 1) kernel = Math.floor((kernel + 1) / 2);
      if (stride === 2) {
        stride = 1;
        restoreAfterFirst = true;
      }
    }
    for (let j = 0; j < repeats; j++) {
      const name = `block${gi + 1}${j < 26 ? String.fromCharCode(97 + j) : `_${j}`}`;
      const seRaw = Math.floor(inF * (b.seRatio * s.seCoefficient));
      const seFilters = b.seRatio > 0 ? Math.max(1, s2d === 1 ? Math.floor(seRaw / 4) : seRaw) : 0;
      out.push({
        name,
        group: gi,
        inputFilters: inF,
        outputFilters: outF,
        kernel,
        stride,
        expandRatio: b.expandRatio,
        seFilters,
        idSkip: b.idSkip,
        fused: b.fused,
        spaceToDepthConv: s2d === 1,
        activation: act,
      });
      if (j === 0) {
        if (restoreAfterFirst) {
          s2d = 0;
          inF = rf(b.inputFilters);
          outF = rf(b.outputFilters);
          kernel = b.kernel;
        } else if (s2d === 1) s2d = 2;
      }
      inF = outF;
      stride = 1;
    }
  });
  return out;
}

/** Adds stem and blocks of an EfficientNet to `g` (no head); used by EfficientDet too. */
export function efficientNetBody(g: GraphBuilder, input: Tensor, s: EfficientNetSpec): EfficientNetBody {
  const rf = (f: number): number => roundFilters(f, s.width, s.divisor);
  const bn = { epsilon: s.bnEpsilon, momentum: s.bnMomentum };
  let x = g.scope('stem', () => {
    const h = g.conv2d(input, {
      filters: s.fixHeadStem ? s.stemFilters : rf(s.stemFilters),
      kernel: 3,
      stride: 2,
      useBias: false,
      name: 'conv',
    });
    return g.activation(g.batchNorm(h, { ...bn, name: 'bn' }), s.activation, 'activation');
  });
  let level = 1;
  const endpoints: Tensor[] = [];
  endpoints[1] = x;
  const plan = planBlocks(s);
  plan.forEach((p, index) => {
    x = g.scope(p.name, () => {
      let h = x;
      if (p.spaceToDepthConv) {
        h = g.conv2d(h, { filters: p.inputFilters, kernel: 2, stride: 2, useBias: false, name: 'space2depth_conv' });
        h = g.activation(g.batchNorm(h, { ...bn, name: 'space2depth_bn' }), p.activation, 'space2depth_activation');
      }
      return mbConv(g, h, {
        filters: p.outputFilters,
        kernel: p.kernel,
        stride: p.stride,
        expandRatio: p.expandRatio,
        expandedFilters: p.expandRatio === 1 ? undefined : Math.round(p.inputFilters * p.expandRatio),
        seFilters: p.seFilters,
        activation: p.activation,
        fused: p.fused,
        idSkip: p.idSkip,
        dropRate: (s.dropConnect * index) / plan.length,
        bnEpsilon: s.bnEpsilon,
        bnMomentum: s.bnMomentum,
      });
    });
    if (p.spaceToDepthConv) level++;
    level += Math.round(Math.log2(p.stride));
    endpoints[level] = x;
  });
  return { output: x, endpoints };
}

/**
 * Builds the IR graph of an EfficientNet spec. A plain spec is validated by the same field specs as
 * the {@link EfficientNet} class (a `ValidationError` names the field, e.g. `blocks[2].kernel`).
 */
export function buildEfficientNet(s: EfficientNetSpec): Graph {
  if (s instanceof EfficientNet) return s.build();
  const blocks = s.blocks.map((b, i) => {
    try {
      return b instanceof MBConvBlock ? b : new MBConvBlock(b);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError(error.issues.map((issue) => ({ ...issue, path: `blocks[${i}].${issue.path}` })));
    }
  });
  return new EfficientNet({ ...s, blocks }).build();
}

function graphOf(s: EfficientNetSpec): Graph {
  const g = new GraphBuilder([s.resolution, s.resolution, 3], s.name);
  const body = efficientNetBody(g, g.input(), s);
  if (!s.includeTop) return g.build(body.output);
  const y = g.scope('top', () => {
    let h = g.conv2d(body.output, {
      filters: s.fixHeadStem ? s.headFilters : roundFilters(s.headFilters, s.width, s.divisor),
      kernel: 1,
      useBias: false,
      name: 'conv',
    });
    h = g.activation(g.batchNorm(h, { epsilon: s.bnEpsilon, momentum: s.bnMomentum, name: 'bn' }), s.activation, 'activation');
    h = g.globalPool(h, { name: 'avg_pool' });
    if (s.dropout > 0) h = g.dropout(h, s.dropout, 'dropout');
    return g.dense(h, { units: s.numClasses, name: 'predictions' });
  });
  return g.build(y);
}
