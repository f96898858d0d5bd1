/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from Debian's `dataset-fashion-mnist` package:
 * gzipped IDX files under `/usr/share/datasets/fashion-mnist/`, parsed by {@link readIdxFile}.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readIdxFile } from './idx.js';
import { DataError, ModelsError } from '../errors.js';
import { checkInt, checkNumber } from '@tsglove/models';

/** Where Debian's `dataset-fashion-mnist` installs the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The ten class names, by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  /** `'train'` (60,000 images) or `'test'` (10,000); default `'train'`. */
  split?: 'train' | 'test';
  /** Folder of the IDX files; default {@link FASHION_MNIST_DIR}. */
  dir?: string;
  /** Skip this many images first (default 0). */
  offset?: number;
  /** Keep at most this many images (after `offset` and `classes`). */
  limit?: number;
  /** Keep only these labels (a subset of 0..9). */
  classes?: readonly number[];
}

/** Images and labels in memory. */
export interface ImageDataset {
  /** `count × height × width × channels` floats in [0, 1], NHWC. */
  images: Float32Array;
  /** One label per image. */
  labels: Int32Array;
  count: number;
  /** `[height, width, channels]`. */
  shape: [number, number, number];
  numClasses: number;
}

const FILES = {
  train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
  test: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
} as const;

/** Whether the Fashion-MNIST files are present in `dir`. */
export function hasFashionMnist(dir = FASHION_MNIST_DIR): boolean {
  return [...FILES.train, ...FILES.test].every((f) => existsSync(join(dir, f)));
}

/**
 * Loads a split of Fashion-MNIST as 28×28×1 images in [0, 1]. Throws a {@link DataError} that says
 * how to install the data when the files are missing.
 */
export function loadFashionMnist(options: FashionMnistOptions = {}): ImageDataset {
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new ModelsError(`expected "train" or "test", got ${JSON.stringify(split)}`, 'split');
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const [imageFile, labelFile] = FILES[split].map((f) => join(dir, f)) as [string, string];
  for (const f of [imageFile, labelFile]) {
    if (!existsSync(f)) {
      throw new DataError(
        'Fashion-MNIST is not installed: run `apt-get install dataset-fashion-mnist` ' +
          `(Debian/Ubuntu), or pass \`dir\` pointing at a folder with the gzipped IDX files`,
        f,
      );
    }
  }
  const images = readIdxFile(imageFile);
  const labels = readIdxFile(labelFile);
  if (images.type !== 'uint8' || images.dims.length !== 3) {
    throw new DataError(`expected a rank-3 uint8 array, got rank ${images.dims.length} ${images.type}`, imageFile);
  }
  if (labels.type !== 'uint8' || labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new DataError(`expected ${images.dims[0]} uint8 labels, got dims [${labels.dims.join(', ')}] of ${labels.type}`, labelFile);
  }
  return selectImages(images.data as Uint8Array, labels.data as Uint8Array, [images.dims[1]!, images.dims[2]!, 1], 10, options);
}

/** Applies offset/classes/limit to uint8 images and labels; scales pixels to [0, 1]. */
export function selectImages(
  pixels: Uint8Array,
  labels: Uint8Array | Int32Array,
  shape: [number, number, number],
  numClasses: number,
  options: Pick<FashionMnistOptions, 'offset' | 'limit' | 'classes'> = {},
): ImageDataset {
  const offset = options.offset ?? 0;
  checkInt(offset, 'offset', 0);
  const limit = options.limit ?? Infinity;
  checkNumber(limit, 'limit', 0);
  const keep = options.classes ? new Set(options.classes) : undefined;
  options.classes?.forEach((c, i) => {
    checkInt(c, `classes[${i}]`, 0, numClasses - 1);
  });
  const size = shape[0] * shape[1] * shape[2];
  const picked: number[] = [];
  for (let i = offset; i < labels.length && picked.length < limit; i++) if (!keep || keep.has(labels[i]!)) picked.push(i);
  const images = new Float32Array(picked.length * size);
  const out = new Int32Array(picked.length);
  picked.forEach((src, j) => {
    out[j] = labels[src]!;
    for (let k = 0; k < size; k++) images[j * size + k] = pixels[src * size + k]! / 255;
  });
  return { images, labels: out, count: picked.length, shape, numClasses };
}

/** A batch of a dataset as tensors: `x` `[n, h, w, c]` and integer labels `y` `[n]`. */
export function batchTensors(data: ImageDataset, start: number, size: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const end = Math.min(data.count, start + size);
  const px = data.shape[0] * data.shape[1] * data.shape[2];
  return {
    x: tf.tensor4d(data.images.subarray(start * px, end * px), [end - start, ...data.shape]),
    y: tf.tensor1d(data.labels.subarray(start, end), 'int32'),
  };
}
