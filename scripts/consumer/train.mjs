// Consumer check (d): @tsglove/train from its compiled files: the wasm backend with tsglove's
// kernels, and a TrialPool whose worker thread starts the compiled worker entry.
import { GraphBuilder } from '@tsglove/models';
import { TrialPool, initBackend } from '@tsglove/train';

const backend = await initBackend('wasm');
const data = (count, seed) => {
  const images = new Float32Array(count * 28 * 28);
  let s = seed;
  for (let i = 0; i < images.length; i++) images[i] = (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return { images, labels: Int32Array.from({ length: count }, (_, i) => i % 10), count, shape: [28, 28, 1], numClasses: 10 };
};
const g = new GraphBuilder([28, 28, 1], 'tiny');
const x = g.activation(g.conv2d(g.input(), { filters: 4, kernel: 3, stride: 2 }), 'relu');
const graph = g.build(g.dense(g.globalPool(x), { units: 10 })).toJSON();
const pool = await TrialPool.create({ threads: 1, backend: 'wasm', data: { source: 'arrays', train: data(64, 1), test: data(32, 2) } });
try {
  const result = await pool.train({ kind: 'graph', graph, seed: 1 }, { epochs: 1, batchSize: 16, optimizer: 'adam', lr: 1e-2, seed: 1 });
  console.log(`backend ${backend}; trial on thread ${result.threadId}: accuracy ${result.accuracy.toFixed(3)}, params ${result.params}`);
} finally {
  await pool.close();
}
