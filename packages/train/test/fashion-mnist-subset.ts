/**
 * The Fashion-MNIST subset shipped with the repository for tests (2,000 training and 500 test images,
 * MIT licence beside it; made by scripts/make-fashion-mnist-subset.ts), so training tests run on a
 * machine without Debian's dataset-fashion-mnist.
 */
import { fileURLToPath } from 'node:url';

/** The folder of the subset's gzipped IDX files: pass it as `loadFashionMnist({ dir })`. */
export const FASHION_MNIST_SUBSET = fileURLToPath(new URL('./data/fashion-mnist/', import.meta.url));
