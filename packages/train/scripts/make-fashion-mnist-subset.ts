/**
 * Writes the Fashion-MNIST subset the tests train on (packages/train/test/data/fashion-mnist/):
 * the first 2,000 training and the first 500 test images with their labels, as gzipped IDX files
 * named like the full data set's, so `loadFashionMnist({ dir })` reads them unchanged.
 * Run (needs Debian's dataset-fashion-mnist): npx tsx --conditions=source packages/train/scripts/make-fashion-mnist-subset.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeIdx, readIdxFile, FASHION_MNIST_DIR } from '@tsglove/train';

const out = fileURLToPath(new URL('../test/data/fashion-mnist/', import.meta.url));
const parts: [string, number][] = [
  ['train-images-idx3-ubyte.gz', 2000],
  ['train-labels-idx1-ubyte.gz', 2000],
  ['t10k-images-idx3-ubyte.gz', 500],
  ['t10k-labels-idx1-ubyte.gz', 500],
];
for (const [file, count] of parts) {
  const full = readIdxFile(join(FASHION_MNIST_DIR, file));
  const per = full.dims.slice(1).reduce((a, b) => a * b, 1);
  const subset = { ...full, dims: [count, ...full.dims.slice(1)], data: full.data.subarray(0, count * per) };
  // mtime 0 in the gzip header keeps the bytes reproducible.
  writeFileSync(join(out, file), gzipSync(encodeIdx(subset), { level: 9 }));
  console.log(`${file}: ${count} of ${full.dims[0]}`);
}
