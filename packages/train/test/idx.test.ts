/** The IDX parser and the Fashion-MNIST loader: tiny files written here, bad input, the real data. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseIdx, readIdxFile, encodeIdx, loadFashionMnist, hasFashionMnist, selectImages, DataError, ModelsError } from '@tsglove/train';
import { systemAvailable } from '../../../test/support/system.js';

/** A 2×2×3 uint8 IDX file, bytes written out by hand. */
const tiny = Uint8Array.from([
  0x00,
  0x00,
  0x08,
  0x03, // magic: uint8, rank 3
  0,
  0,
  0,
  2,
  0,
  0,
  0,
  2,
  0,
  0,
  0,
  3, // dims 2, 2, 3
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  255,
]);

describe('parseIdx', () => {
  it('parses dims and data of a hand-written uint8 file', () => {
    const a = parseIdx(tiny);
    expect(a.type).toBe('uint8');
    expect(a.dims).toEqual([2, 2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255]);
  });

  it('reads big-endian int32 and float32 elements', () => {
    const i32 = Uint8Array.from([0, 0, 0x0c, 1, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xfe, 0, 0, 1, 0]);
    expect(Array.from(parseIdx(i32).data)).toEqual([-2, 256]);
    const f32 = Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0]);
    expect(Array.from(parseIdx(f32).data)).toEqual([1.5]);
  });

  it('round-trips through encodeIdx', () => {
    const a = { type: 'int16' as const, dims: [3], data: Int16Array.from([-300, 0, 7]) };
    expect(parseIdx(encodeIdx(a))).toEqual(a);
    expect(encodeIdx(parseIdx(tiny))).toEqual(tiny);
  });

  it('rejects a bad magic number with a clear error', () => {
    const bad = tiny.slice();
    bad[0] = 0x50;
    expect(() => parseIdx(bad, 'x.idx')).toThrow(DataError);
    expect(() => parseIdx(bad, 'x.idx')).toThrow(/x\.idx: bad IDX magic number 50 00 08 03/);
    const badType = tiny.slice();
    badType[2] = 0x07;
    expect(() => parseIdx(badType)).toThrow(/unknown IDX element type 0x7/);
  });

  it('rejects truncated files, naming the sizes', () => {
    expect(() => parseIdx(tiny.subarray(0, 3), 'f')).toThrow(/f: truncated IDX file: 3 bytes, the header needs 4/);
    expect(() => parseIdx(tiny.subarray(0, 10))).toThrow(/header of a rank-3 array needs 16/);
    expect(() => parseIdx(tiny.subarray(0, tiny.length - 1))).toThrow(/27 bytes, dims \[2, 2, 3\] of uint8 need 28/);
  });
});

describe('readIdxFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsglove-idx-'));

  it('reads plain and gzipped files', () => {
    writeFileSync(join(dir, 'plain.idx'), tiny);
    writeFileSync(join(dir, 'zipped.idx.gz'), gzipSync(tiny));
    expect(readIdxFile(join(dir, 'plain.idx')).dims).toEqual([2, 2, 3]);
    expect(Array.from(readIdxFile(join(dir, 'zipped.idx.gz')).data)).toEqual(Array.from(parseIdx(tiny).data));
  });

  it('names the file when it is missing or its gzip data is corrupt', () => {
    expect(() => readIdxFile(join(dir, 'nope.idx'))).toThrow(/nope\.idx: cannot read IDX file \(ENOENT\)/);
    const gz = gzipSync(tiny).subarray(0, 12);
    writeFileSync(join(dir, 'broken.gz'), gz);
    expect(() => readIdxFile(join(dir, 'broken.gz'))).toThrow(/broken\.gz: corrupt gzip data/);
  });
});

// Debian's full data set is optional here (the training tests use the repository's subset).
const debianFashionMnist = systemAvailable(hasFashionMnist(), {
  what: "Debian's dataset-fashion-mnist",
  enable: 'apt-get install dataset-fashion-mnist',
});

describe('loadFashionMnist', () => {
  it('says how to install the data when it is missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'tsglove-nofm-'));
    expect(() => loadFashionMnist({ dir: empty })).toThrow(DataError);
    expect(() => loadFashionMnist({ dir: empty })).toThrow(/apt-get install dataset-fashion-mnist/);
  });

  it('loads a file set written in the Debian layout, with offset / classes / limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsglove-fm-'));
    const n = 5;
    const header = (rank: number, dims: number[]): number[] => [0, 0, 8, rank, ...dims.flatMap((d) => [0, 0, (d >> 8) & 255, d & 255])];
    const pixels = Array.from({ length: n * 28 * 28 }, (_, i) => Math.floor(i / (28 * 28)) * 50);
    const labels = [3, 1, 3, 7, 3];
    for (const split of ['train', 't10k']) {
      writeFileSync(join(dir, `${split}-images-idx3-ubyte.gz`), gzipSync(Uint8Array.from([...header(3, [n, 28, 28]), ...pixels])));
      writeFileSync(join(dir, `${split}-labels-idx1-ubyte.gz`), gzipSync(Uint8Array.from([...header(1, [n]), ...labels])));
    }
    expect(hasFashionMnist(dir)).toBe(true);
    const all = loadFashionMnist({ dir, split: 'test' });
    expect(all.count).toBe(5);
    expect(all.shape).toEqual([28, 28, 1]);
    expect(all.images[28 * 28 * 2]).toBeCloseTo(100 / 255, 6);
    const some = loadFashionMnist({ dir, offset: 1, classes: [3], limit: 1 });
    expect(Array.from(some.labels)).toEqual([3]);
    expect(some.images[0]).toBeCloseTo(100 / 255, 6);
  });

  it('rejects bad options with the field name', () => {
    const px = new Uint8Array(4);
    expect(() => selectImages(px, Uint8Array.from([0, 1, 2, 3]), [1, 1, 1], 4, { classes: [9] })).toThrow(ModelsError);
    expect(() => selectImages(px, Uint8Array.from([0, 1, 2, 3]), [1, 1, 1], 4, { classes: [9] })).toThrow(
      /classes\[0\]: expected int in \[0, 3\], got 9/,
    );
    expect(() => selectImages(px, Uint8Array.from([0]), [1, 1, 1], 4, { offset: -1 })).toThrow(/offset: /);
    expect(() => loadFashionMnist({ split: 'dev' as 'train' })).toThrow(/split: expected "train" or "test"/);
  });

  it.runIf(debianFashionMnist)('reads the installed Debian files (test split, 100 images)', () => {
    const d = loadFashionMnist({ split: 'test', limit: 100 });
    expect(d.count).toBe(100);
    expect(d.images.length).toBe(100 * 28 * 28);
    expect(Math.max(...d.images)).toBeLessThanOrEqual(1);
    expect(new Set(d.labels).size).toBeGreaterThan(5);
    expect(d.labels[0]).toBe(9); // the first test image is an ankle boot
  });
});
