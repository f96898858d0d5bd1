/**
 * The MBConv search space of the TuNAS-style search (`tunas.ts`), as symbolic objects: a
 * {@link MBConvNet} of stages, each with an output width and blocks that choose their kernel,
 * expansion, squeeze-excite and (except the first block of a stage) whether they are kept. The
 * same space runs under evolution (`sample(space, …)`, children trained from scratch), random
 * search and the one-shot supernet (`MBConvSupernet`): `materialize(space, dna)` is the child in
 * every case, and `child.build()` its IR graph (for training, `ops()` and the accelerator model).
 */
import { oneOf, symbolic, t } from '@tsglove/symbolic';
import { checkNumber, GraphBuilder, mbConv, ModelsError, type Graph } from '@tsglove/models';

/** One MBConv block (1×1 expand → depthwise k×k → optional SE → 1×1 project; swish). */
export class MBConvChoice extends symbolic('tsglove.nas.MBConvChoice', {
  kernel: t.int({ min: 1, max: 15 }),
  expand: t.int({ min: 1 }),
  se: t.float({ min: 0, max: 1 }).describe('squeeze-excite ratio of the block input channels (0 = none)'),
  keep: t.bool().default(true).describe('false skips the block (its residual identity remains)'),
}) {}

/** A stage: output filters, the first block's stride, its blocks. */
export class MBConvStage extends symbolic('tsglove.nas.MBConvStage', {
  filters: t.int({ min: 1 }),
  stride: t.int({ min: 1, max: 2 }),
  blocks: t.list(t.object(MBConvChoice), { minSize: 1 }),
}) {}

/** The network: stem conv 3×3 (+ BN + swish), stages, head 1×1 conv, average pool, dense. */
export class MBConvNet extends symbolic('tsglove.nas.MBConvNet', {
  inputShape: t.list(t.int({ min: 1 }), { minSize: 3, maxSize: 3 }),
  stem: t.int({ min: 1 }),
  stemStride: t.int({ min: 1, max: 2 }).default(1),
  stages: t.list(t.object(MBConvStage), { minSize: 1 }),
  head: t.int({ min: 1 }),
  numClasses: t.int({ min: 1 }).default(10),
}) {
  /** The IR graph; layer names (`stage1/block0/dwconv`, …) are the same in every child. */
  build(): Graph {
    const [h, w, c] = this.inputShape as unknown as [number, number, number];
    const g = new GraphBuilder([h, w, c], 'mbconv_net');
    let x = g.scope('stem', () =>
      g.activation(
        g.batchNorm(g.conv2d(g.input(), { filters: this.stem, kernel: 3, stride: this.stemStride, useBias: false, name: 'conv' }), {
          name: 'bn',
        }),
        'swish',
        'swish',
      ),
    );
    this.stages.forEach((stage, s) => {
      stage.blocks.forEach((b, i) => {
        const first = i === 0;
        if (!first && !b.keep) return;
        if (first && !b.keep)
          throw new ModelsError('the first block of a stage changes the shape and cannot be skipped', `stages[${s}].blocks[0].keep`);
        x = g.scope(`stage${s}/block${i}`, () =>
          mbConv(g, x, {
            filters: stage.filters,
            kernel: b.kernel,
            stride: first ? stage.stride : 1,
            expandRatio: b.expand,
            seRatio: b.se,
            activation: 'swish',
          }),
        );
      });
    });
    x = g.scope('head', () => {
      const hd = g.activation(
        g.batchNorm(g.conv2d(x, { filters: this.head, kernel: 1, useBias: false, name: 'conv' }), { name: 'bn' }),
        'swish',
        'swish',
      );
      return g.dense(g.globalPool(hd, { name: 'pool' }), { units: this.numClasses, name: 'classifier' });
    });
    return g.build(x);
  }
}

/** Candidate values of {@link mbconvSpace}. */
export interface MBConvSpaceOptions {
  /** `[height, width, channels]` (default `[32, 32, 1]`: Fashion-MNIST zero-padded to 32×32). */
  inputShape?: readonly [number, number, number];
  stem?: number;
  /** Default 2 (the stem halves the resolution, keeping the search cheap on a CPU). */
  stemStride?: number;
  /** Per stage: candidate output filters, stride, number of blocks. */
  stages?: ReadonlyArray<{ filters: readonly number[]; stride: number; blocks: number }>;
  kernels?: readonly number[];
  expansions?: readonly number[];
  seRatios?: readonly number[];
  head?: number;
  numClasses?: number;
}

/** The default stages: three stride-2 stages of 2 blocks (after a stride-2 stem: 16 → 8 → 4 → 2). */
export const MBCONV_SPACE_STAGES = [
  { filters: [16, 24], stride: 2, blocks: 2 },
  { filters: [24, 32, 40], stride: 2, blocks: 2 },
  { filters: [40, 56, 64], stride: 2, blocks: 2 },
] as const;

function pick<T>(values: readonly T[], name: string): T {
  if (!Array.isArray(values) || values.length === 0) throw new ModelsError('needs at least one candidate', name);
  return values.length === 1 ? values[0]! : (oneOf([...values], { name }) as T);
}

/**
 * The TuNAS-style MBConv space (issue 18): per block kernel {3, 5, 7}, expansion {3, 6}, SE
 * {0, 0.25}, kept or not (all but a stage's first block); per stage output filters from a small set.
 */
export function mbconvSpace(options: MBConvSpaceOptions = {}): MBConvNet {
  const stages = options.stages ?? MBCONV_SPACE_STAGES;
  return new MBConvNet({
    inputShape: [...(options.inputShape ?? [32, 32, 1])],
    stem: options.stem ?? 16,
    stemStride: options.stemStride ?? 2,
    head: options.head ?? 128,
    numClasses: options.numClasses ?? 10,
    stages: stages.map(
      (st, s) =>
        new MBConvStage({
          filters: pick(st.filters, `stage${s}.filters`),
          stride: st.stride,
          blocks: Array.from(
            { length: st.blocks },
            (_, i) =>
              new MBConvChoice({
                kernel: pick(options.kernels ?? [3, 5, 7], `stage${s}.block${i}.kernel`),
                expand: pick(options.expansions ?? [3, 6], `stage${s}.block${i}.expand`),
                se: pick(options.seRatios ?? [0, 0.25], `stage${s}.block${i}.se`),
                keep: i === 0 ? true : pick([true, false], `stage${s}.block${i}.keep`),
              }),
          ),
        }),
    ),
  });
}

/**
 * A hand-designed MobileNetV2-style baseline in the same family: every block kernel 3, expansion
 * 6, no SE, the first `depth` blocks of each stage kept (default all), stage filters the space's
 * candidates at `width` ∈ [0, 1] of their range (0 = smallest, 1 = largest), rounded to a multiple
 * of 8.
 */
export function mobileNetV2Baseline(width: number, options: MBConvSpaceOptions & { depth?: number } = {}): MBConvNet {
  checkNumber(width, 'width', 0, 1);
  const depth = checkNumber(options.depth ?? Infinity, 'depth', 1);
  const stages = options.stages ?? MBCONV_SPACE_STAGES;
  return new MBConvNet({
    inputShape: [...(options.inputShape ?? [32, 32, 1])],
    stem: options.stem ?? 16,
    stemStride: options.stemStride ?? 2,
    head: options.head ?? 128,
    numClasses: options.numClasses ?? 10,
    stages: stages.map((st) => {
      const lo = Math.min(...st.filters);
      const hi = Math.max(...st.filters);
      return new MBConvStage({
        filters: Math.max(8, Math.round((lo + width * (hi - lo)) / 8) * 8),
        stride: st.stride,
        blocks: Array.from({ length: st.blocks }, (_, i) => new MBConvChoice({ kernel: 3, expand: 6, se: 0, keep: i < depth })),
      });
    }),
  });
}
