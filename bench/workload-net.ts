/**
 * The fixed network of the PyGlove workloads (W1–W9): an EfficientNet-B0-like Net of 7 stages and
 * 16 blocks, as symbolic classes with every field validated. Shared by the benches.
 */
import { floatValue, oneOf, symbolic, t } from '@tsglove/symbolic';

/** One inverted-residual block. */
export class Block extends symbolic('bench.Block', {
  kernel: t.int({ min: 1, max: 11 }),
  expand: t.int({ min: 1 }),
  filters: t.int({ min: 1 }),
  stride: t.int({ min: 1, max: 2 }),
  se: t.float({ min: 0, max: 1 }),
  act: t.str(),
}) {}

/** A stage: a list of blocks. */
export class Stage extends symbolic('bench.Stage', {
  blocks: t.list(t.object(Block), { minSize: 1 }),
}) {}

/** The network: stem width, stages, head width. */
export class Net extends symbolic('bench.Net', {
  stem: t.int({ min: 1 }),
  stages: t.list(t.object(Stage), { minSize: 1 }),
  head: t.int({ min: 1 }),
}) {}

/** Rows (blocks, kernel, expand, filters, first stride) of the EfficientNet-B0-like network. */
export const NET_ROWS: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [1, 3, 1, 16, 1],
  [2, 3, 6, 24, 2],
  [2, 5, 6, 40, 2],
  [3, 3, 6, 80, 2],
  [3, 5, 6, 112, 1],
  [4, 5, 6, 192, 2],
  [1, 3, 6, 320, 1],
];

/** Builds the Net from literals: 16 Block + 7 Stage + 1 Net constructions, each validated. */
export function buildNet(): Net {
  const stages: Stage[] = [];
  for (const [count, kernel, expand, filters, stride] of NET_ROWS) {
    const blocks: Block[] = [];
    for (let i = 0; i < count; i++) {
      blocks.push(new Block({ kernel, expand, filters, stride: i === 0 ? stride : 1, se: 0.25, act: 'swish' }));
    }
    stages.push(new Stage({ blocks }));
  }
  return new Net({ stem: 32, stages, head: 1280 });
}

/**
 * The W5 search space: the same tree with, per block in field order, `kernel = oneOf([3, 5, 7])`,
 * `expand = oneOf([1, 4, 6])`, `se = floatValue(0, 0.5)`, `act = oneOf(['relu', 'swish'])`;
 * filters, stride, stem and head fixed (64 decision points, infinite size).
 */
export function buildSpace(): Net {
  const stages: Stage[] = [];
  for (const [count, , , filters, stride] of NET_ROWS) {
    const blocks: Block[] = [];
    for (let i = 0; i < count; i++) {
      blocks.push(
        new Block({
          kernel: oneOf([3, 5, 7]),
          expand: oneOf([1, 4, 6]),
          filters,
          stride: i === 0 ? stride : 1,
          se: floatValue(0.0, 0.5),
          act: oneOf(['relu', 'swish']),
        }),
      );
    }
    stages.push(new Stage({ blocks }));
  }
  return new Net({ stem: 32, stages, head: 1280 });
}
