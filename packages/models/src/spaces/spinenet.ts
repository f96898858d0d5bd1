/**
 * The SpineNet search space (Du et al. 2020, §3.1): scale permutations of the intermediate and the
 * output blocks (`permutate`), cross-scale connections (two earlier features per block, `manyOf`),
 * and block adjustments (level ±1 for intermediate blocks, block type). A point of the space is a
 * {@link ScalePermutation}, which names its blocks and builds a {@link SpineNet}.
 */
import { manyOf, oneOf, permutate, symbolic, t, registerAlias } from '@tsglove/symbolic';
import { ModelsError } from '../errors.js';
import type { Graph } from '../ir/graph.js';
import { SpineNet, SPINENET_BLOCK_SPECS, SPINENET_SCALING, type SpineNetPreset } from '../spinenet/spinenet.js';
import { SpineNetBlock, type SpineNetBlockFn } from '../spinenet/scale-permuted.js';

const BASE_INTERMEDIATE = SPINENET_BLOCK_SPECS.filter((b) => !b[3]).map((b) => b[0]);
const BASE_OUTPUT = SPINENET_BLOCK_SPECS.filter((b) => b[3]).map((b) => b[0]);

registerAlias('ScalePermutation', 'tsglove.models.ScalePermutation'); // its name before 0.2, still read by fromJSON
/** A scale-permuted architecture, the genotype-shaped view of a SpineNet. */
export class ScalePermutation extends symbolic('tsglove.models.ScalePermutation', {
  intermediateLevels: t.list(t.int({ min: 2, max: 7 }), { minSize: 1 }).default([...BASE_INTERMEDIATE]),
  outputLevels: t.list(t.int({ min: 2, max: 7 }), { minSize: 1 }).default([...BASE_OUTPUT]),
  /** Order of the intermediate blocks: a permutation of their indices. */
  intermediateOrder: t.list(t.int({ min: 0 })),
  /** Order of the output blocks: a permutation of their indices. */
  outputOrder: t.list(t.int({ min: 0 })),
  /** Level change of each intermediate block (after ordering); results are clamped to [2, 7]. */
  levelShifts: t.list(t.int({ min: -2, max: 2 })),
  /** Block type of each block, intermediate blocks first. */
  blockFns: t.list(t.enum(['bottleneck', 'residual'] as const)),
  /** The two input features of each block (offsets into [2 init blocks, earlier blocks]). */
  connections: t.list(t.list(t.int({ min: 0 }), { minSize: 2, maxSize: 2 })),
  scaling: t.enum(Object.keys(SPINENET_SCALING) as SpineNetPreset[]).default('49'),
  resolution: t.int({ min: 32 }).default(640),
}) {
  /** The blocks this permutation stands for (errors name the offending field). */
  toBlocks(): SpineNetBlock[] {
    const inter = [...this.intermediateLevels];
    const outs = [...this.outputLevels];
    const n = inter.length + outs.length;
    checkPermutation([...this.intermediateOrder], inter.length, 'intermediateOrder');
    checkPermutation([...this.outputOrder], outs.length, 'outputOrder');
    for (const [field, len] of [
      ['levelShifts', inter.length],
      ['blockFns', n],
      ['connections', n],
    ] as const) {
      if (this[field].length !== len) throw new ModelsError(`expected ${len} entries, got ${this[field].length}`, field);
    }
    const levels = [
      ...[...this.intermediateOrder].map((k, i) => Math.min(7, Math.max(2, inter[k]! + this.levelShifts[i]!))),
      ...[...this.outputOrder].map((k) => outs[k]!),
    ];
    return levels.map(
      (level, i) =>
        new SpineNetBlock({
          level,
          blockFn: this.blockFns[i] as SpineNetBlockFn,
          inputs: [...this.connections[i]!],
          isOutput: i >= inter.length,
        }),
    );
  }
  /** The SpineNet of this permutation with its scaling preset. */
  toSpineNet(): SpineNet {
    return new SpineNet({ blocks: this.toBlocks(), ...SPINENET_SCALING[this.scaling], resolution: this.resolution });
  }
  build(): Graph {
    return this.toSpineNet().build();
  }
}

function checkPermutation(order: readonly number[], n: number, path: string): void {
  const sorted = [...order].sort((a, b) => a - b);
  if (sorted.length !== n || sorted.some((v, i) => v !== i))
    throw new ModelsError(`expected a permutation of 0..${n - 1}, got [${order.join(', ')}]`, path);
}

/** SpineNet-49 as a point of the space (identity orders, no shifts, its connections). */
export function spineNet49Permutation(options: { scaling?: SpineNetPreset; resolution?: number } = {}): ScalePermutation {
  const inter = SPINENET_BLOCK_SPECS.filter((b) => !b[3]);
  const outs = SPINENET_BLOCK_SPECS.filter((b) => b[3]);
  const all = [...inter, ...outs];
  return new ScalePermutation({
    intermediateOrder: inter.map((_, i) => i),
    outputOrder: outs.map((_, i) => i),
    levelShifts: inter.map(() => 0),
    blockFns: all.map((b) => b[1] as 'bottleneck' | 'residual'),
    connections: all.map((b) => [...b[2]]),
    ...options,
  });
}

/**
 * The SpineNet space. Block `i` may read any two distinct features made before it, so every point
 * is a valid network; output levels stay a permutation of 2–7 so levels 3–7 always have outputs.
 */
export function spineNetSpace(
  options: { scaling?: SpineNetPreset; resolution?: number; levelShifts?: readonly number[]; blockFns?: readonly SpineNetBlockFn[] } = {},
): ScalePermutation {
  const nInter = BASE_INTERMEDIATE.length;
  const n = nInter + BASE_OUTPUT.length;
  const shifts = [...new Set(options.levelShifts ?? [-1, 0, 1])];
  const fns = [...new Set(options.blockFns ?? ['bottleneck', 'residual'])] as ('bottleneck' | 'residual')[];
  for (const f of fns)
    if (f !== 'bottleneck' && f !== 'residual')
      throw new ModelsError(`SpineNet blocks are "bottleneck" or "residual", got ${JSON.stringify(f)}`, 'blockFns');
  const pick = <T>(values: readonly T[], name: string): T => (values.length === 1 ? values[0]! : (oneOf(values, { name }) as T));
  return new ScalePermutation({
    intermediateOrder: permutate(
      BASE_INTERMEDIATE.map((_, i) => i),
      { name: 'intermediateOrder' },
    ) as unknown as number[],
    outputOrder: permutate(
      BASE_OUTPUT.map((_, i) => i),
      { name: 'outputOrder' },
    ) as unknown as number[],
    levelShifts: Array.from({ length: nInter }, (_, i) => pick(shifts, `block${i}.levelShift`)),
    blockFns: Array.from({ length: n }, (_, i) => pick(fns, `block${i}.blockFn`)),
    connections: Array.from(
      { length: n },
      (_, i) =>
        manyOf(
          2,
          Array.from({ length: i + 2 }, (_, j) => j),
          { distinct: true, sorted: true, name: `block${i}.inputs` },
        ) as unknown as number[],
    ),
    scaling: options.scaling ?? '49',
    resolution: options.resolution ?? 640,
  });
}
