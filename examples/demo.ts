/**
 * `npm run demo`: a walkthrough of symbolic objects and search spaces.
 * (Replaced by a full search with progress once @tsglove/search lands.)
 */
import { symbolic, t, oneOf, floatValue, dnaSpec, materialize, iterate, randomSample, rebind, diff, format } from '@tsglove/symbolic';

class Block extends symbolic('DemoBlock', {
  kernel: t.int({ min: 1, max: 11 }).default(3),
  expand: t.int({ min: 1 }).default(6),
  act: t.enum(['relu', 'swish']).default('swish'),
  se: t.float({ min: 0, max: 1 }).default(0.25),
}) {}
class Net extends symbolic('DemoNet', { stem: t.int({ min: 8 }), blocks: t.list(t.object(Block)) }) {}

const net = new Net({ stem: 32, blocks: [new Block({ kernel: 5 }), new Block()] });
console.log('A symbolic tree:\n' + format(net));
const edited = net.symClone();
rebind(edited, { 'blocks[1].kernel': 7, 'blocks[0].act': 'relu' });
console.log('\nEdits from the original to a rebound clone:', diff(net, edited));

const space = new Net({
  stem: oneOf([16, 32]),
  blocks: [
    new Block({ kernel: oneOf([3, 5, 7]), act: oneOf(['relu', 'swish']) }),
    new Block({ kernel: oneOf([3, 5]), se: floatValue(0, 0.5) }),
  ],
});
const spec = dnaSpec(space);
console.log(`\nA search space with ${spec.decisionPoints.length} decisions: ${spec.decisionPoints.map((p) => p.id).join(', ')}`);
const gridSpace = new Net({ stem: oneOf([16, 32]), blocks: [new Block({ kernel: oneOf([3, 5, 7]) })] });
console.log(`A finite space of ${dnaSpec(gridSpace).spaceSize} children, in grid order:`);
for (const child of iterate(gridSpace)) console.log('  ' + format(child, { compact: true, hideDefaults: true }));
console.log('Random children (seed 1):');
for (const child of randomSample(space, { seed: 1, count: 3 })) console.log('  ' + format(child, { compact: true, hideDefaults: true }));
console.log('\nDNA [1, 2, 1, 0, 0.3] →', format(materialize(space, [1, 2, 1, 0, 0.3]), { compact: true }));
