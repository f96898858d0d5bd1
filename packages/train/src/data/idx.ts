/**
 * The IDX file format of MNIST / Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a 4-byte magic
 * `00 00 <type> <rank>`, `rank` big-endian int32 dimensions, then the data, big-endian. Files may be
 * gzipped (detected by the gzip magic `1f 8b`).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors.js';

/** Element types of IDX, by type code. */
const TYPES = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
} as const;

/** An IDX element type. */
export type IdxType = (typeof TYPES)[keyof typeof TYPES]['name'];

/** A parsed IDX array: its dimensions and its elements in row-major order. */
export interface IdxArray {
  type: IdxType;
  dims: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/**
 * Parses IDX bytes (not gzipped). `source` names the file in error messages.
 * Throws a {@link DataError} on a bad magic number, an unknown type or a truncated file.
 */
export function parseIdx(bytes: Uint8Array, source = 'idx'): IdxArray {
  if (bytes.length < 4) throw new DataError(`truncated IDX file: ${bytes.length} bytes, the header needs 4`, source);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(`bad IDX magic number ${magic}: expected 00 00 <type> <rank>`, source);
  }
  const type = TYPES[bytes[2] as keyof typeof TYPES];
  if (!type) throw new DataError(`unknown IDX element type 0x${bytes[2]!.toString(16)}`, source);
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DataError(`truncated IDX file: ${bytes.length} bytes, the header of a rank-${rank} array needs ${headerBytes}`, source);
  }
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getInt32(4 + 4 * i, false);
    if (d < 0) throw new DataError(`dimension ${i} is negative (${d})`, source);
    dims.push(d);
    count *= d;
  }
  const need = headerBytes + count * type.bytes;
  if (bytes.length < need) {
    throw new DataError(`truncated IDX file: ${bytes.length} bytes, dims [${dims.join(', ')}] of ${type.name} need ${need}`, source);
  }
  return { type: type.name, dims, data: readData(view, headerBytes, count, type.name) };
}

function readData(view: DataView, offset: number, count: number, type: IdxType): IdxArray['data'] {
  switch (type) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Reads and parses an IDX file, gunzipping it first when it starts with the gzip magic. */
export function readIdxFile(path: string): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataError(`cannot read IDX file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, path);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DataError(`corrupt gzip data: ${(e as Error).message}`, path);
    }
  }
  return parseIdx(bytes, path);
}

/** Encodes an array as IDX bytes (big-endian), the inverse of {@link parseIdx}. */
export function encodeIdx(array: IdxArray): Uint8Array {
  const entry = Object.entries(TYPES).find(([, t]) => t.name === array.type);
  if (!entry) throw new DataError(`unknown IDX element type ${array.type}`, 'type');
  const [code, type] = entry;
  const count = array.dims.reduce((a, b) => a * b, 1);
  if (array.data.length !== count) {
    throw new DataError(`has ${array.data.length} elements, dims [${array.dims.join(', ')}] need ${count}`, 'data');
  }
  const header = 4 + 4 * array.dims.length;
  const out = new Uint8Array(header + count * type.bytes);
  const view = new DataView(out.buffer);
  out[2] = Number(code);
  out[3] = array.dims.length;
  array.dims.forEach((d, i) => view.setInt32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) {
    const v = Number(array.data[i]);
    const at = header + i * type.bytes;
    if (type.name === 'uint8') view.setUint8(at, v);
    else if (type.name === 'int8') view.setInt8(at, v);
    else if (type.name === 'int16') view.setInt16(at, v, false);
    else if (type.name === 'int32') view.setInt32(at, v, false);
    else if (type.name === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}
