/**
 * `npx tsx --conditions=source examples/search-space.ts`: a search space declared in code over
 * symbolic classes. An MBConv-like Block/Stage/Net whose kernel, expansion, activation and
 * squeeze-excite ratio are searched, whose stages choose their block lists (manyOf) and whose
 * stem is conditional: a plain conv, or a space-to-depth stem with its own searched block size.
 * Prints the size, the genotype, the first grid children (of a finite sub-space) and seeded random
 * children, and round-trips one child through PyGlove-compatible DNA numbers.
 */
import {
  dnaSpec,
  floatValue,
  format,
  iterate,
  makeRandom,
  manyOf,
  materialize,
  oneOf,
  randomDNA,
  symbolic,
  t,
  DNA,
} from '@tsglove/symbolic';

class Block extends symbolic('example.Block', {
  kernel: t.int({ min: 1, max: 7 }),
  expand: t.int({ min: 1, max: 6 }),
  filters: t.int({ min: 1 }),
  act: t.enum(['relu', 'swish']).default('swish'),
  se: t.float({ min: 0, max: 0.5 }).default(0),
}) {
  /** Multiply-accumulates per output pixel (a toy cost model the children carry with them). */
  macsPerPixel(inputs: number): number {
    const hidden = inputs * this.expand;
    return inputs * hidden + hidden * this.kernel * this.kernel + hidden * this.filters;
  }
}

class Stage extends symbolic('example.Stage', {
  blocks: t.list(t.object(Block), { minSize: 1 }),
  stride: t.int({ min: 1, max: 2 }),
}) {}

class Stem extends symbolic('example.Stem', {
  kind: t.enum(['conv', 'space-to-depth']),
  filters: t.int({ min: 8 }),
  blockSize: t.int({ min: 1 }).default(1),
}) {}

class Net extends symbolic('example.Net', {
  stem: t.object(Stem),
  stages: t.list(t.object(Stage)),
  head: t.int({ min: 1 }),
}) {
  /** Sum of the blocks' per-pixel MACs (ignoring strides), as a size proxy. */
  cost(): number {
    let inputs = this.stem.filters;
    let total = 0;
    for (const stage of this.stages) {
      for (const block of stage.blocks) {
        total += block.macsPerPixel(inputs);
        inputs = block.filters;
      }
    }
    return total;
  }
}

/** A searched block: kernel, expansion, activation and SE ratio are decisions. */
function searchedBlock(filters: number): Block {
  return new Block({
    kernel: oneOf([3, 5, 7]),
    expand: oneOf([1, 4, 6]),
    filters,
    act: oneOf(['relu', 'swish']),
    se: floatValue(0, 0.25),
  });
}

const space = new Net({
  stem: oneOf([
    new Stem({ kind: 'conv', filters: oneOf([16, 32]) }),
    new Stem({ kind: 'space-to-depth', filters: 32, blockSize: oneOf([2, 4]) }),
  ]),
  stages: [
    new Stage({ blocks: [searchedBlock(24), searchedBlock(24)], stride: 2 }),
    // two of three candidate blocks, in the chosen order
    new Stage({
      blocks: manyOf(2, [
        searchedBlock(40),
        new Block({ kernel: 3, expand: 6, filters: 40 }),
        new Block({ kernel: 5, expand: 3, filters: 40 }),
      ]),
      stride: 2,
    }),
  ],
  head: oneOf([1024, 1280]),
});

const started = performance.now();
const spec = dnaSpec(space);
console.log(`Search space: ${spec.decisionPoints.length} decision points, size ${spec.spaceSize} (floatValue makes it continuous)`);
for (const p of spec.decisionPoints) {
  const what = p.kind === 'choice' ? `${(p as unknown as { literals: unknown[] }).literals.length} candidates` : p.kind;
  console.log(`  ${p.id.padEnd(36)} ${what}`);
}

// A finite sub-space: the first stage's first block with the SE ratio fixed.
const blockSpace = new Block({ kernel: oneOf([3, 5, 7]), expand: oneOf([1, 4, 6]), filters: 24, act: oneOf(['relu', 'swish']) });
console.log(`\nThe block sub-space has ${dnaSpec(blockSpace).spaceSize} children; the first five in grid order:`);
for (const block of iterate(blockSpace, { limit: 5 })) console.log(`  ${format(block, { compact: true })}`);

console.log('\nThree random children (seed 2026):');
const random = makeRandom(2026);
for (let i = 0; i < 3; i++) {
  const dna = randomDNA(spec, { random });
  const net = materialize(space, dna, spec);
  const kernels = net.stages.flatMap((s) => s.blocks.map((b) => b.kernel));
  console.log(`  numbers ${JSON.stringify(dna.toNumbers().map((x) => Math.round(x * 1000) / 1000))}`);
  console.log(
    `    stem ${net.stem.kind}/${net.stem.filters}${net.stem.kind === 'space-to-depth' ? ` block ${net.stem.blockSize}` : ''}, kernels [${kernels}], head ${net.head}, cost ${net.cost()} MACs/pixel`,
  );
}

// DNA numbers are PyGlove-compatible: a child can be exchanged as a list of numbers.
const numbers = randomDNA(spec, { seed: 1 }).toNumbers();
const again = materialize(space, DNA.fromNumbers(numbers, spec));
console.log(`\nFrom numbers ${JSON.stringify(numbers.map((x) => Math.round(x * 100) / 100))}:`);
console.log(`  ${format(again, { compact: true }).slice(0, 160)}...`);
console.log(`  decisions by id: ${JSON.stringify(DNA.fromNumbers(numbers, spec).toDict({ value: 'literal' })).slice(0, 160)}...`);
console.log(`\nDone in ${(performance.now() - started).toFixed(0)} ms.`);
