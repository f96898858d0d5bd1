// Consumer check (b): a TypeScript consumer type-checks under strict with moduleResolution
// "nodenext" against the published .d.ts files; types are inferred from the schemas.
import { symbolic, t, oneOf, dnaSpec, materialize, type DNASpec } from '@tsglove/symbolic';
import { sample, tpe, type Study } from '@tsglove/search';
import { estimate, edgeTpu } from '@tsglove/hwsim';
import { efficientNet, countParams, ops } from '@tsglove/models';

class Block extends symbolic('consumer.Block', {
  kernel: t.int({ min: 1, max: 7 }).default(3),
  act: t.enum(['relu', 'swish']).default('swish'),
}) {}

const space = new Block({ kernel: oneOf([3, 5, 7]) });
const spec: DNASpec = dnaSpec(space);
const child = materialize(space, [1]);
const kernel: number = child.kernel;
const act: 'relu' | 'swish' = child.act;
// @ts-expect-error: a field that does not exist is a type error
child.stride;

export async function search(): Promise<Study<Block>> {
  return sample(space, tpe({ seed: 1 }), { numExamples: 5 }).run((b) => b.kernel);
}

const params: number = countParams(efficientNet('b0')).trainable;
const latency: number = estimate(edgeTpu(), ops(efficientNet('b0'))).totals.latencyMs;
console.log(spec.spaceSize, kernel, act, params, latency);
