/**
 * NAS-Bench-Macro (Su et al. 2021, "Prioritized Architecture Sampling with Monto-Carlo Tree Search"):
 * a macro search space of 3^8 = 6,561 CIFAR-10 networks. Each of 8 searchable layers is one of
 * 0 = identity, 1 = MobileNetV2 block (expand 3, kernel 3), 2 = MobileNetV2 block (expand 6, kernel 5).
 *
 * Layout (the benchmark's own network, reproducing its `params` and `flops` exactly): stem conv 3×3/1 →
 * 32 + BN + ReLU; stages of 2, 3, 3 searchable layers whose first layer has stride 2 and doubles the
 * channels (32 → 64 → 128 → 256); an identity at a stride/channel change is a 1×1/2 conv + BN; head
 * conv 1×1 → 1280 + BN + ReLU, global average pool, dense → classes.
 */
import { symbolic, t, registerAlias } from '@tsglove/symbolic';
import { checkArg } from '../checks.js';
import { ModelsError } from '../errors.js';
import { type Graph, GraphBuilder, type Tensor } from '../ir/graph.js';
import { mbConv } from '../blocks/mbconv.js';

/** Choices of one searchable layer: `[expandRatio, kernel]`, or null for identity. */
export const NAS_BENCH_MACRO_CHOICES: readonly ([number, number] | null)[] = [null, [3, 3], [6, 5]];

/** One layer's choice: an index into {@link NAS_BENCH_MACRO_CHOICES}. */
const CHOICE = t.enum([0, 1, 2] as const);

/** Searchable layers per stage. */
export const NAS_BENCH_MACRO_STAGES: readonly number[] = [2, 3, 3];

/** Parses an 8-character key over {0,1,2} (e.g. `"01201120"`) into choices. */
export function parseNasBenchMacroKey(key: string, path = 'key'): number[] {
  if (typeof key !== 'string' || !/^[012]{8}$/.test(key)) {
    throw new ModelsError(`expected 8 characters over {0,1,2}, got ${JSON.stringify(key)}`, path);
  }
  return [...key].map(Number);
}

/** Builds the network of the given choices (8 numbers in {0, 1, 2}). */
export function buildNasBenchMacro(choices: readonly number[], numClasses = 10, inputSize = 32): Graph {
  if (choices.length !== 8) throw new ModelsError(`expected 8 choices, got ${choices.length}`, 'ops');
  const g = new GraphBuilder([inputSize, inputSize, 3], 'nas_bench_macro_' + choices.join(''));
  let x: Tensor = g.input();
  x = g.scope('stem', () =>
    g.activation(g.batchNorm(g.conv2d(x, { filters: 32, kernel: 3, useBias: false, name: 'conv' }), { name: 'bn' }), 'relu', 'relu'),
  );
  let channels = 32;
  let layer = 0;
  NAS_BENCH_MACRO_STAGES.forEach((depth, s) => {
    for (let i = 0; i < depth; i++, layer++) {
      const c = choices[layer]!;
      checkArg(CHOICE, c, `ops[${layer}]`);
      const stride = i === 0 ? 2 : 1;
      const out = i === 0 ? channels * 2 : channels;
      const choice = NAS_BENCH_MACRO_CHOICES[c]!;
      x = g.scope(`stage${s + 1}/layer${i}`, () => {
        if (choice === null) {
          if (stride === 1 && out === channels) return x;
          return g.batchNorm(g.conv2d(x, { filters: out, kernel: 1, stride, useBias: false, name: 'conv' }), { name: 'bn' });
        }
        return mbConv(g, x, { filters: out, kernel: choice[1], stride, expandRatio: choice[0], activation: 'relu' });
      });
      channels = out;
    }
  });
  x = g.scope('head', () => {
    let h = g.conv2d(x, { filters: 1280, kernel: 1, useBias: false, name: 'conv' });
    h = g.activation(g.batchNorm(h, { name: 'bn' }), 'relu', 'relu');
    h = g.globalPool(h, { name: 'pool' });
    return g.dense(h, { units: numClasses, name: 'classifier' });
  });
  return g.build(x);
}

registerAlias('NasBenchMacro', 'tsglove.models.NasBenchMacro'); // its name before 0.2, still read by fromJSON
/** A NAS-Bench-Macro network as a symbolic object; `ops` may hold hyper values (a search space). */
export class NasBenchMacro extends symbolic('tsglove.models.NasBenchMacro', {
  ops: t
    .list(t.int({ min: 0, max: 2 }), { minSize: 8, maxSize: 8 })
    .describe('choice per searchable layer: 0 identity, 1 MBConv e3 k3, 2 MBConv e6 k5'),
  numClasses: t.int({ min: 1 }).default(10),
  inputSize: t.int({ min: 8 }).default(32),
}) {
  /** The benchmark key, e.g. `"01201120"`. */
  get key(): string {
    return [...this.ops].join('');
  }
  /** The IR graph. */
  build(): Graph {
    return buildNasBenchMacro([...this.ops], this.numClasses, this.inputSize);
  }
}

/** The NAS-Bench-Macro network of an 8-character key over {0,1,2}. */
export function nasBenchMacro(key: string): NasBenchMacro {
  return new NasBenchMacro({ ops: parseNasBenchMacroKey(key) });
}
