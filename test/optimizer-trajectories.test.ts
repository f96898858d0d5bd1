/**
 * Every optimizer's trajectory, bit for bit: the weights after six steps on a small fixed problem
 * (seeded weights and gradients, a changing learning rate; a rank-1 variable that LARS/LAMB
 * exclude and a zero matrix whose trust ratio falls back to 1) are compared, as the SHA-256 of
 * their float32 bytes, with `fixtures/optimizer-trajectories.json`. The fixture was written by the
 * optimizers before they shared one step/slot core; a refactor that changes one bit fails here.
 * Rewrite it only for an intended change of numerics: `TSGLOVE_WRITE_TRAJECTORIES=1 npx vitest run
 * test/optimizer-trajectories.test.ts`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { adam, initBackend, lars, sgd, type Optimizer } from '@tsglove/train';
import { lamb } from '@tsglove/methods';

const FIXTURE = new URL('./fixtures/optimizer-trajectories.json', import.meta.url);
const WRITE = process.env['TSGLOVE_WRITE_TRAJECTORIES'] === '1';

/** Shapes: a conv kernel, a bias (rank 1), a dense matrix, an all-zero matrix. */
const SHAPES = [[3, 3, 2, 4], [6], [5, 3], [2, 4]];
const STEPS = 6;

const CASES: Array<[string, () => Optimizer]> = [
  ['sgd', () => sgd()],
  ['sgd weightDecay', () => sgd({ weightDecay: 0.01 })],
  ['sgd momentum', () => sgd({ momentum: 0.9 })],
  ['sgd nesterov weightDecay', () => sgd({ momentum: 0.9, nesterov: true, weightDecay: 5e-4 })],
  ['adam', () => adam()],
  ['adamw', () => adam({ beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1 })],
  ['lars', () => lars()],
  ['lars weightDecay', () => lars({ momentum: 0.8, eta: 0.02, weightDecay: 1e-4 })],
  ['lars no exclusions', () => lars({ exclude: () => false, weightDecay: 1e-3 })],
  ['lamb', () => lamb()],
  ['lamb weightDecay', () => lamb({ weightDecay: 0.01 })],
  ['lamb no bias correction, no exclusions', () => lamb({ biasCorrection: false, weightDecay: 0.01, exclude: () => false })],
  ['lamb betas', () => lamb({ beta1: 0.8, beta2: 0.99, epsilon: 1e-8 })],
];

function values(n: number, ...stream: Array<string | number>): number[] {
  const random = seededRandom(7, ...stream);
  return Array.from({ length: n }, () => random() * 2 - 1);
}

interface Trajectory {
  sha256: string;
  head: number[];
}

/** The weights after {@link STEPS} updates of a fresh `make()`. */
function trajectory(make: () => Optimizer): Trajectory {
  const opt = make();
  const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
  const ws = SHAPES.map((shape, i) =>
    tf.variable(tf.tensor(i === 3 ? new Array<number>(size(shape)).fill(0) : values(size(shape), 'w', i), shape)),
  );
  for (let step = 0; step < STEPS; step++) {
    const gs = SHAPES.map((shape, i) => tf.tensor(values(size(shape), 'g', step, i), shape));
    opt.apply(ws, gs, 0.05 + 0.01 * step);
    tf.dispose(gs);
  }
  const flat = ws.flatMap((w) => Array.from(w.dataSync()));
  tf.dispose(ws);
  opt.dispose();
  const bytes = Buffer.from(new Float32Array(flat).buffer);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), head: flat.slice(0, 3) };
}

const expected: Record<string, Record<string, Trajectory>> = existsSync(FIXTURE) ? JSON.parse(readFileSync(FIXTURE, 'utf8')) : {};
const written: Record<string, Record<string, Trajectory>> = {};
afterAll(() => {
  if (WRITE) writeFileSync(FIXTURE, `${JSON.stringify(written, null, 2)}\n`);
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`optimizer trajectories on ${backend}`, () => {
    for (const [name, make] of CASES) {
      it(`${name}: ${STEPS} steps give the recorded bits`, async () => {
        expect(await initBackend(backend)).toBe(backend);
        const got = trajectory(make);
        (written[backend] ??= {})[name] = got;
        if (WRITE) return;
        expect(got, `no recorded trajectory for ${backend}/${name}`).toEqual(expected[backend]?.[name]);
      });
    }
  });
}
