/**
 * The same space searched by four algorithms: only the `algorithm` argument changes. The space is
 * a symbolic Block with conditional and continuous decisions; the "score" is a cheap stand-in for
 * training (a known function of the block, best at kernel 5, expand 6, swish, se ≈ 0.25).
 *
 *   npx tsx --conditions=source examples/search-swap-algorithms.ts
 */
import { floatValue, format, oneOf, symbolic, t } from '@tsglove/symbolic';
import { cmaES, random, regularizedEvolution, sample, tpe, type DNAGenerator } from '@tsglove/search';

class Block extends symbolic('examples.Block', {
  kernel: t.int({ min: 1 }),
  expand: t.int({ min: 1 }),
  act: t.enum(['relu', 'swish']),
  se: t.float({ min: 0, max: 1 }),
}) {}

const space = new Block({
  kernel: oneOf([3, 5, 7]),
  expand: oneOf([1, 2, 4, 6]),
  act: oneOf(['relu', 'swish'] as const),
  se: floatValue(0, 0.5),
});

function score(b: Block): number {
  return 1 - Math.abs(b.kernel - 5) / 4 + b.expand / 6 + (b.act === 'swish' ? 0.5 : 0) - 4 * (b.se - 0.25) ** 2;
}

async function run(name: string, algorithm: DNAGenerator): Promise<void> {
  let best: { reward: number; block: Block } | undefined;
  for await (const [block, feedback] of sample(space, algorithm, { numExamples: 150, seed: 1 })) {
    const reward = score(block);
    if (!best || reward > best.reward) best = { reward, block };
    await feedback.report(reward);
  }
  console.log(`${name.padEnd(22)} best ${best!.reward.toFixed(4)}  ${format(best!.block, { compact: true })}`);
}

console.log('150 trials each, seed 1 (the optimum scores 2.5):');
await run('random', random());
await run('regularizedEvolution', regularizedEvolution({ populationSize: 20, tournamentSize: 5 }));
await run('tpe', tpe());
await run('cmaES', cmaES());
