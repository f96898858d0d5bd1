/**
 * tsglove's WebAssembly SIMD training kernels (text in `wasm-simd-source.ts`), instantiated over
 * the tf.js wasm backend's own memory so they read and write tensors in place.
 */
import { SIMD_WASM_BASE64 } from './wasm-simd-binary.js';
import type { WasmBackend } from './wasm-util.js';

/** The exports of the SIMD module; pointers are byte offsets in the backend's heap. */
export interface SimdKernels {
  colsum(x: number, rows: number, cols: number, out: number): void;
  conv_o8(
    xp: number,
    w: number,
    y: number,
    n: number,
    hp: number,
    wp: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    fh: number,
    fw: number,
  ): void;
  addrow(x: number, rows: number, cols: number, v: number, out: number): void;
  maxpoolgrad2(x: number, y: number, dy: number, dx: number, n: number, oh: number, ow: number, h: number, w: number, c: number): void;
  fgrad_c4o8(
    xp: number,
    dy: number,
    acc: number,
    n: number,
    hp: number,
    wp: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    fh: number,
    fw: number,
  ): void;
  fgrad_c1o16(
    xp: number,
    dy: number,
    acc: number,
    n: number,
    hp: number,
    wp: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    fh: number,
    fw: number,
  ): void;
  dw_fwd(
    x: number,
    w: number,
    y: number,
    h: number,
    wd: number,
    c: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    pt: number,
    pl: number,
  ): void;
  dw_dx(
    dx: number,
    w: number,
    dy: number,
    h: number,
    wd: number,
    c: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    pt: number,
    pl: number,
  ): void;
  dw_dw_tap(
    x: number,
    dy: number,
    acc: number,
    wd: number,
    c: number,
    ow: number,
    sw: number,
    oyLo: number,
    oyHi: number,
    oxLo: number,
    oxHi: number,
    iy0: number,
    ix0: number,
    sh: number,
  ): void;
  bn_sqdev(x: number, rows: number, c: number, mean: number, out: number): void;
  affine(x: number, rows: number, c: number, scale: number, shift: number, y: number): void;
  bn_grad_sums(dy: number, x: number, rows: number, c: number, mean: number, s1: number, s2: number): void;
  affine2(dy: number, x: number, rows: number, c: number, k: number, p: number, q: number, out: number): void;
  swish_grad(dz: number, x: number, s: number, n: number, out: number): void;
  sgd_step(w: number, g: number, v: number, n: number, lr: number, mu: number, wd: number, flags: number, outW: number, outV: number): void;
  adam_step(
    w: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    b1: number,
    b2: number,
    omb1: number,
    omb2: number,
    c1: number,
    c2: number,
    eps: number,
    lrwd: number,
    decay: number,
    outW: number,
    outM: number,
    outV: number,
  ): void;
  axpby(a: number, b: number, n: number, alpha: number, beta: number, out: number): void;
}

/** The few WebAssembly JS-API names used here (the project's TS lib has no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: abstract new (...args: never[]) => object;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
let enabled = true;

/** Turns the SIMD kernels off (callers take their JS/XNNPACK paths) or back on, for benchmarks and tests. */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}
const instances = new WeakMap<object, SimdKernels | null>();

function compile(): object | null {
  if (compiled === undefined) {
    try {
      compiled = new WA.Module(Buffer.from(SIMD_WASM_BASE64, 'base64'));
    } catch {
      compiled = null; // no SIMD in this engine: callers fall back to their JS/XNNPACK paths
    }
  }
  return compiled;
}

/**
 * The SIMD kernels bound to `b`'s memory, or null when the engine lacks wasm SIMD or the backend
 * does not expose its memory (callers then take their other paths).
 */
export function simdKernels(b: WasmBackend): SimdKernels | null {
  if (!enabled) return null;
  const wasm = b.wasm as { asm?: { memory?: object } };
  const cached = instances.get(wasm);
  if (cached !== undefined) return cached;
  const module = compile();
  const memory = wasm.asm?.memory;
  let kernels: SimdKernels | null = null;
  if (module && memory instanceof WA.Memory) {
    try {
      kernels = new WA.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    } catch {
      kernels = null; // e.g. the threaded build's shared memory does not match the import
    }
  }
  instances.set(wasm, kernels);
  return kernels;
}

/** Byte offset of a tensor in the backend's heap. */
export function heapOffset(b: WasmBackend, dataId: object): number {
  return b.dataIdMap.get(dataId)!.memoryOffset;
}
