/**
 * `Layers`: the weight-owning helper a NAS model-building function receives. Weights are created
 * on first use and found again on every later forward pass by a key made of the current scope and
 * a per-scope counter (or an explicit `name`), so the function can simply be re-run each step
 * (define-by-run). A supernet opens a scope per (decision call, candidate) before it runs a
 * candidate, which is what keys the shared weights by decision name + candidate; a stand-alone
 * child opens none, so its weights are numbered in call order along its single path.
 *
 * Three stores: `persistent` (tf.Variables kept across passes: a supernet or a child),
 * `ephemeral` (plain tensors from the initializer, for tracing the space inside `tf.tidy`).
 *
 * Why this is a second way to describe a network, next to the IR of `@tsglove/models`: a
 * define-by-run space (`nasSpace`) is a program that calls `oneOf` among candidate *functions* while
 * it runs, and its weights are keyed by (decision, candidate) scope, not by layer; ENAS runs one
 * candidate per step and DARTS a softmax mixture of all of them. An IR graph is one fixed network
 * and cannot hold such a mixture. Spaces that are fixed networks per DNA (`MBConvNet`) build IR
 * graphs and share weights by slicing (`mbconv-supernet.ts`). Activations here are the one
 * vocabulary (`ACTIVATIONS`) with the one implementation (`activate` of `@tsglove/train`).
 */
import * as tf from '@tensorflow/tfjs';
import { ModelsError, type ActivationFn } from '@tsglove/models';
import { activate, seededNormal } from '@tsglove/train';

/** Activation applied after a layer: `'linear'` (none) or a name of the one vocabulary (`ACTIVATIONS`). */
export type Activation = 'linear' | ActivationFn;

/** Initial values of a weight. */
export type Init = 'he' | 'zeros' | 'glorot';

/** Options of {@link Layers.variable}. */
export interface VariableOptions {
  /** Key within the current scope (default: `<kind>_<n>`, numbered per scope in call order). */
  name?: string;
  /** Initializer (default `'he'`). */
  init?: Init;
  /** Fan-in for `he`/`glorot` (default: product of all but the last dimension). */
  fanIn?: number;
}

/** Options of {@link Layers.dense}. */
export interface DenseOptions {
  activation?: Activation;
  useBias?: boolean;
  name?: string;
}

/** Options of {@link Layers.conv2d} and {@link Layers.sepConv2d}. */
export interface ConvOptions {
  /** Square kernel size (default 3). */
  kernelSize?: number;
  /** Stride (default 1). */
  strides?: number;
  activation?: Activation;
  useBias?: boolean;
  name?: string;
}

interface Frame {
  prefix: string;
  counters: Map<string, number>;
}

/** FNV-1a of a string, for per-weight seeds. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function act(x: tf.Tensor, a: Activation | undefined, path: string): tf.Tensor {
  return a === undefined || a === 'linear' ? x : activate(x, a, undefined, `${path}.activation`);
}

/** Weight-owning layer helper (see the module comment). */
export class Layers {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly stack: Frame[] = [{ prefix: '', counters: new Map() }];
  private readonly touchedKeys = new Set<string>();

  /**
   * @param mode `persistent` keeps variables across passes; `ephemeral` makes throwaway tensors.
   * @param seed base seed of the initial values (each weight's seed mixes in its key).
   */
  constructor(
    readonly mode: 'persistent' | 'ephemeral' = 'persistent',
    readonly seed = 0,
  ) {}

  /** Starts a forward pass: counters restart and the touched set is cleared. */
  beginPass(): void {
    if (this.stack.length !== 1) throw new ModelsError('beginPass() inside a scope', 'layers');
    this.stack[0]!.counters.clear();
    this.touchedKeys.clear();
  }

  /** Runs `fn` with weights keyed under `prefix` (nested in the current scope). */
  scoped<R>(prefix: string, fn: () => R): R {
    const parent = this.stack[this.stack.length - 1]!.prefix;
    this.stack.push({ prefix: parent ? `${parent}/${prefix}` : prefix, counters: new Map() });
    try {
      return fn();
    } finally {
      this.stack.pop();
    }
  }

  private key(kind: string, name: string | undefined): string {
    const frame = this.stack[this.stack.length - 1]!;
    let local = name;
    if (local === undefined) {
      const n = frame.counters.get(kind) ?? 0;
      frame.counters.set(kind, n + 1);
      local = `${kind}_${n}`;
    }
    return frame.prefix ? `${frame.prefix}/${local}` : local;
  }

  /** A weight of `shape`, created on first use under the current scope. */
  variable(shape: number[], options: VariableOptions = {}): tf.Tensor {
    const key = this.key('w', options.name);
    if (shape.some((d) => !Number.isInteger(d) || d < 1))
      throw new ModelsError(`expected a shape of positive integers, got [${shape}]`, key);
    const existing = this.vars.get(key);
    if (existing) {
      if (existing.shape.join() !== shape.join()) {
        throw new ModelsError(`weight reused with shape [${shape}] but was created with [${existing.shape}]`, key);
      }
      this.touchedKeys.add(key);
      return existing;
    }
    const init = (): tf.Tensor => {
      const fanIn = options.fanIn ?? shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const seed = (hashString(key) ^ Math.imul(this.seed + 1, 0x9e3779b1)) >>> 0;
      switch (options.init ?? 'he') {
        case 'zeros':
          return tf.zeros(shape);
        case 'glorot':
          return seededNormal(shape, 0, Math.sqrt(2 / (fanIn + shape[shape.length - 1]!)), seed);
        case 'he':
          return seededNormal(shape, 0, Math.sqrt(2 / fanIn), seed);
        default:
          throw new ModelsError(`expected "he", "zeros" or "glorot", got ${JSON.stringify(options.init)}`, `${key}.init`);
      }
    };
    if (this.mode === 'ephemeral') return init();
    const v = tf.tidy(() => tf.variable(init(), true));
    this.vars.set(key, v);
    this.touchedKeys.add(key);
    return v;
  }

  /** `x·W + b` on a `[n, d]` input. */
  dense(x: tf.Tensor, units: number, options: DenseOptions = {}): tf.Tensor {
    if (x.rank !== 2) throw new ModelsError(`expected a rank-2 input, got shape [${x.shape}]`, options.name ?? 'dense');
    return this.scopedIf(
      options.name,
      () => {
        const w = this.variable([x.shape[1]!, units], { name: 'kernel' });
        let y = tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D) as tf.Tensor;
        if (options.useBias ?? true) y = tf.add(y, this.variable([units], { name: 'bias', init: 'zeros' }));
        return act(y, options.activation, options.name ?? 'dense');
      },
      'dense',
    );
  }

  /** A 'same'-padded convolution on an NHWC input. */
  conv2d(x: tf.Tensor, filters: number, options: ConvOptions = {}): tf.Tensor {
    const k = options.kernelSize ?? 3;
    return this.scopedIf(
      options.name,
      () => {
        const w = this.variable([k, k, x.shape[3]!, filters], { name: 'kernel' });
        let y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, options.strides ?? 1, 'same') as tf.Tensor;
        if (options.useBias ?? true) y = tf.add(y, this.variable([filters], { name: 'bias', init: 'zeros' }));
        return act(y, options.activation, options.name ?? 'conv2d');
      },
      'conv2d',
    );
  }

  /** A depthwise-separable convolution ('same' padding): depthwise k×k, then pointwise 1×1. */
  sepConv2d(x: tf.Tensor, filters: number, options: ConvOptions = {}): tf.Tensor {
    const k = options.kernelSize ?? 3;
    return this.scopedIf(
      options.name,
      () => {
        const c = x.shape[3]!;
        const dw = this.variable([k, k, c, 1], { name: 'depthwise', fanIn: k * k });
        const pw = this.variable([1, 1, c, filters], { name: 'pointwise' });
        const s = options.strides ?? 1;
        let y = tf.separableConv2d(x as tf.Tensor4D, dw as tf.Tensor4D, pw as tf.Tensor4D, [s, s], 'same') as tf.Tensor;
        if (options.useBias ?? true) y = tf.add(y, this.variable([filters], { name: 'bias', init: 'zeros' }));
        return act(y, options.activation, options.name ?? 'sepConv2d');
      },
      'sepConv2d',
    );
  }

  /** Layers with several weights live in their own sub-scope (`name`, or `<kind>_<n>`). */
  private scopedIf<R>(name: string | undefined, fn: () => R, kind: string): R {
    const sub = this.key(kind, name);
    const frame = this.stack[this.stack.length - 1]!;
    const local = frame.prefix ? sub.slice(frame.prefix.length + 1) : sub;
    return this.scoped(local, fn);
  }

  /** Every variable created so far (persistent mode), by key. */
  get variables(): ReadonlyMap<string, tf.Variable> {
    return this.vars;
  }

  /** Keys of the variables used since the last {@link beginPass}. */
  get touched(): ReadonlySet<string> {
    return this.touchedKeys;
  }

  /** Total elements of the variables with these keys (default: all). */
  countParams(keys: Iterable<string> = this.vars.keys()): number {
    let n = 0;
    for (const k of keys) n += this.vars.get(k)?.size ?? 0;
    return n;
  }

  /** Frees every variable. */
  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
