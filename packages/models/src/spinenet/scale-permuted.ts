/**
 * The scale-permuted network shared by SpineNet and mobile SpineNet (Du et al. 2020): blocks at
 * arbitrary levels, each fed by two earlier features resampled to its level and width; output
 * blocks also absorb earlier features nothing consumed (same width and channels).
 */
import { symbolic, t, registerAlias } from '@tsglove/symbolic';
import { ModelsError } from '../errors.js';
import type { GraphBuilder, Tensor } from '../ir/graph.js';
import type { ActivationFn } from '../ir/layers.js';

/** Block kinds of scale-permuted networks. */
export const SPINENET_BLOCK_FNS = ['bottleneck', 'residual', 'mbconv'] as const;
export type SpineNetBlockFn = (typeof SPINENET_BLOCK_FNS)[number];

registerAlias('SpineNetBlock', 'tsglove.models.SpineNetBlock'); // its name before 0.2, still read by fromJSON
/** One block of a scale-permuted network. */
export class SpineNetBlock extends symbolic('tsglove.models.SpineNetBlock', {
  level: t.int({ min: 1, max: 8 }),
  blockFn: t.enum(SPINENET_BLOCK_FNS),
  inputs: t.list(t.int({ min: 0 }), { minSize: 2, maxSize: 2 }).describe('offsets into [init blocks..., earlier blocks...]'),
  isOutput: t.bool().default(false),
}) {}

/** Plain block spec `(level, blockFn, [input0, input1], isOutput)`. */
export type BlockSpecTuple = readonly [number, SpineNetBlockFn, readonly [number, number], boolean];

/** Turns tuples into {@link SpineNetBlock}s. */
export function blocksFromTuples(specs: readonly BlockSpecTuple[]): SpineNetBlock[] {
  return specs.map(([level, blockFn, inputs, isOutput]) => new SpineNetBlock({ level, blockFn, inputs: [...inputs], isOutput }));
}

/** A feature of the network: its tensor, level and the block kind that made it. */
export interface Feature {
  tensor: Tensor;
  level: number;
  blockFn: SpineNetBlockFn;
}

/** The family-specific parts of a scale-permuted network. */
export interface ScalePermutedOps {
  /** Channels (before bottleneck expansion) of a block at `level`. */
  filtersAt(level: number): number;
  /** Resamples `f` to `level` with `filters` (block-kind-adjusted) channels. */
  resample(f: Feature, level: number, filters: number, blockFn: SpineNetBlockFn, name: string): Tensor;
  /** One block group at the target level. */
  blockGroup(x: Tensor, filters: number, blockFn: SpineNetBlockFn, name: string): Tensor;
  activation: ActivationFn;
}

/** Checks block offsets and output levels; errors name `blocks[i]...`. */
export function validateBlocks(
  blocks: readonly { level: number; inputs: readonly number[]; isOutput: boolean }[],
  numInit: number,
  minLevel: number,
  maxLevel: number,
): void {
  const outputs = new Set<number>();
  blocks.forEach((b, i) => {
    b.inputs.forEach((o, j) => {
      if (o >= numInit + i)
        throw new ModelsError(`offset ${o} does not name an earlier feature (there are ${numInit + i})`, `blocks[${i}].inputs[${j}]`);
    });
    if (b.isOutput) {
      if (outputs.has(b.level)) throw new ModelsError(`a second output block at level ${b.level}`, `blocks[${i}].level`);
      outputs.add(b.level);
    }
  });
  for (let l = minLevel; l <= maxLevel; l++) {
    if (!outputs.has(l)) throw new ModelsError(`no output block at level ${l} (levels ${minLevel}..${maxLevel} are needed)`, 'blocks');
  }
}

/** Builds the scale-permuted blocks on top of `init`; returns the output feature per level. */
export function scalePermuted(
  g: GraphBuilder,
  init: readonly Feature[],
  blocks: readonly SpineNetBlock[],
  ops: ScalePermutedOps,
): Map<number, Tensor> {
  const net: Feature[] = [...init];
  const outgoing = net.map(() => 0);
  const outputs = new Map<number, Tensor>();
  blocks.forEach((b, i) => {
    const filters = ops.filtersAt(b.level);
    const x = g.scope(`block${i + 1}`, () => {
      const parents = [...b.inputs].map((o, k) => {
        outgoing[o]!++;
        return ops.resample(net[o]!, b.level, filters, b.blockFn, `resample${k}`);
      });
      if (b.isOutput) {
        net.forEach((f, j) => {
          if (outgoing[j] === 0 && f.level === b.level && f.tensor.shape[2] === parents[0]!.shape[2]) {
            parents.push(f.tensor);
            outgoing[j]!++;
          }
        });
      }
      const merged = g.activation(g.add(parents, 'merge'), ops.activation, 'merge_activation');
      return ops.blockGroup(merged, filters, b.blockFn, 'group');
    });
    net.push({ tensor: x, level: b.level, blockFn: b.blockFn });
    outgoing.push(0);
    if (b.isOutput) outputs.set(b.level, x);
  });
  return outputs;
}
