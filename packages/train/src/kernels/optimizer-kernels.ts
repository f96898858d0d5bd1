/**
 * Fused optimizer steps and weighted sums: one kernel call updates every variable of a step
 * (SGD with or without momentum, Adam/AdamW), every moving statistic of a batch-norm layer, or
 * averages the gradients of data-parallel shards,
 * where the per-variable tf.js ops run 4–12 small kernels per variable, each with the engine's
 * bookkeeping. Same arithmetic, same bits (`optimizer-loops.ts`). On wasm the SIMD loops of
 * `wasm-simd-optimizer-source.ts` run on the heap; on cpu the JS loops; other backends have no
 * kernel and the callers keep their per-variable ops.
 *
 * The kernels write new tensors (the variables are then assigned): updating a weight's memory in
 * place would leave stale the packed copies of it that XNNPACK caches per tensor id.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { adamStepLoop, weightedSumLoop, sgdStepLoop, type AdamScalars, type SgdScalars } from './optimizer-loops.js';
import { heapOffset, simdKernels } from './wasm-simd.js';
import type { KernelArgs, WasmBackend } from './wasm-util.js';
import { ModelsError } from '../errors.js';

/** Kernel names of the fused steps. */
export const FUSED_STEP = {
  sgd: 'TsgSgdStep',
  adam: 'TsgAdamStep',
  weightedSum: 'TsgWeightedSum',
} as const;

const f = Math.fround;

function sgdScalars(a: NamedAttrMap): SgdScalars {
  const momentum = a['momentum'] as number;
  return {
    lr: f(a['lr'] as number),
    momentum: f(momentum),
    weightDecay: f(a['weightDecay'] as number),
    useMomentum: momentum !== 0,
    nesterov: a['nesterov'] as boolean,
  };
}

function adamScalars(a: NamedAttrMap): AdamScalars {
  const [lr, beta1, beta2, t, wd] = ['lr', 'beta1', 'beta2', 'iteration', 'weightDecay'].map((k) => a[k] as number) as number[];
  return {
    lr: f(lr!),
    beta1: f(beta1!),
    beta2: f(beta2!),
    oneMinusBeta1: f(1 - beta1!),
    oneMinusBeta2: f(1 - beta2!),
    c1: f(1 - beta1! ** t!),
    c2: f(1 - beta2! ** t!),
    epsilon: f(a['epsilon'] as number),
    decay: wd !== 0,
    lrDecay: f(lr! * wd!),
  };
}

/** Which inputs of variable `i` a kernel reads (`w0`, `g0`, `v0`, ...) and which it writes, in output order. */
const SLOTS = {
  [FUSED_STEP.sgd]: (a: NamedAttrMap) => ({
    reads: a['momentum'] !== 0 ? ['w', 'g', 'v'] : ['w', 'g'],
    writes: a['momentum'] !== 0 ? 2 : 1,
  }),
  [FUSED_STEP.adam]: () => ({ reads: ['w', 'g', 'm', 'v'], writes: 3 }),
  [FUSED_STEP.weightedSum]: () => ({ reads: ['a', 'b'], writes: 1 }),
};

/** Runs `loop` over each variable's floats: the SIMD function on whole vectors, JS on the rest. */
type Step = (ins: Float32Array[], outs: Float32Array[], from: number, to: number) => void;
type SimdStep = (ins: number[], outs: number[], n: number) => void;

function stepLoops(name: keyof typeof SLOTS, a: NamedAttrMap): { js: Step; simd: (b: WasmBackend) => SimdStep | null } {
  if (name === FUSED_STEP.sgd) {
    const s = sgdScalars(a);
    const flags = (s.weightDecay ? 1 : 0) | (s.nesterov ? 2 : 0) | (s.useMomentum ? 4 : 0);
    return {
      js: ([w, g, v], [ow, ov], from, to) => sgdStepLoop(w!, g!, v ?? null, s, ow!, ov ?? null, from, to),
      simd: (b) => {
        const k = simdKernels(b);
        return k && (([w, g, v], [ow, ov], n) => k.sgd_step(w!, g!, v ?? 0, n, s.lr, s.momentum, s.weightDecay, flags, ow!, ov ?? 0));
      },
    };
  }
  if (name === FUSED_STEP.adam) {
    const s = adamScalars(a);
    return {
      js: ([w, g, m, v], [ow, om, ov], from, to) => adamStepLoop(w!, g!, m!, v!, s, ow!, om!, ov!, from, to),
      simd: (b) => {
        const k = simdKernels(b);
        return (
          k &&
          (([w, g, m, v], [ow, om, ov], n) =>
            k.adam_step(
              w!,
              g!,
              m!,
              v!,
              n,
              s.lr,
              s.beta1,
              s.beta2,
              s.oneMinusBeta1,
              s.oneMinusBeta2,
              s.c1,
              s.c2,
              s.epsilon,
              s.lrDecay,
              s.decay ? 1 : 0,
              ow!,
              om!,
              ov!,
            ))
        );
      },
    };
  }
  const alpha = f(a['alpha'] as number);
  const beta = f(a['beta'] as number);
  return {
    js: ([x, y], [out], from, to) => weightedSumLoop(x!, y!, alpha, beta, out!, from, to),
    simd: (b) => {
      const k = simdKernels(b);
      return k && (([x, y], [out], n) => k.axpby(x!, y!, n, alpha, beta, out!));
    },
  };
}

/** The `reads` inputs of variable `i`, checked to be float32 of one size. */
function variableInputs(inputs: Record<string, TensorInfo>, reads: string[], i: number, kernel: string): TensorInfo[] {
  const ts = reads.map((r) => inputs[`${r}${i}`]!);
  const size = (t: TensorInfo): number => t.shape.reduce((p, d) => p * d, 1);
  for (const [k, t] of ts.entries()) {
    if (t.dtype !== 'float32' || size(t) !== size(ts[0]!)) {
      throw new ModelsError(
        `expected float32 of shape [${ts[0]!.shape.join(', ')}], got ${t.dtype} [${t.shape.join(', ')}]`,
        `${kernel}.${reads[k]}${i}`,
      );
    }
  }
  return ts;
}

function kernelFor(name: keyof typeof SLOTS, backendName: 'cpu' | 'wasm'): KernelFunc {
  return (({ inputs, backend, attrs }: KernelArgs): TensorInfo[] => {
    const { reads, writes } = SLOTS[name](attrs!);
    const loops = stepLoops(name, attrs!);
    const outs: TensorInfo[] = [];
    for (let i = 0; i < (attrs!['count'] as number); i++) {
      const ins = variableInputs(inputs, reads, i, name);
      const shape = ins[0]!.shape;
      const n = shape.reduce((p, d) => p * d, 1);
      if (backendName === 'cpu') {
        const cpu = backend as {
          data: { get(id: object): { values: unknown } };
          makeTensorInfo(s: number[], d: 'float32', v: Float32Array): TensorInfo;
        };
        const results = Array.from({ length: writes }, () => new Float32Array(n));
        loops.js(
          ins.map((t) => cpu.data.get(t.dataId).values as Float32Array),
          results,
          0,
          n,
        );
        for (const r of results) outs.push(cpu.makeTensorInfo(shape, 'float32', r));
        continue;
      }
      const b = backend as WasmBackend;
      const results = Array.from({ length: writes }, () => b.makeOutput(shape, 'float32'));
      const simd = loops.simd(b);
      const whole = simd ? n - (n % 4) : 0;
      if (whole > 0) {
        simd!(
          ins.map((t) => heapOffset(b, t.dataId)),
          results.map((t) => heapOffset(b, t.dataId)),
          whole,
        );
      }
      if (whole < n)
        loops.js(
          ins.map((t) => b.typedArrayFromHeap(t)),
          results.map((t) => b.typedArrayFromHeap(t)),
          whole,
          n,
        );
      outs.push(...results);
    }
    return outs;
  }) as unknown as KernelFunc;
}

let registered = false;
let enabled = true;

/** Turns the fused steps off (callers run their per-variable ops) or back on, for tests and benchmarks. */
export function setFusedStepsEnabled(on: boolean): void {
  enabled = on;
}

/** Registers the fused-step kernels for the cpu and wasm backends (idempotent). */
export function registerOptimizerKernels(): void {
  if (registered) return;
  for (const name of Object.values(FUSED_STEP)) {
    for (const backendName of ['cpu', 'wasm'] as const) {
      if (!tf.getKernel(name, backendName)) tf.registerKernel({ kernelName: name, backendName, kernelFunc: kernelFor(name, backendName) });
    }
  }
  registered = true;
}

/**
 * Runs fused kernel `name` on variables 0..count−1: `sources[k][i]` is input `reads[k]` of
 * variable i. Returns its outputs (per variable, in the kernel's output order), or null when the
 * current backend has no such kernel (or the fused steps are off).
 */
function runFused(
  name: (typeof FUSED_STEP)[keyof typeof FUSED_STEP],
  sources: ReadonlyArray<readonly tf.Tensor[]>,
  attrs: NamedAttrMap,
): tf.Tensor[] | null {
  registerOptimizerKernels();
  if (!enabled || !tf.getKernel(name, tf.getBackend())) return null;
  const count = sources[0]!.length;
  if (count === 0) return [];
  const { reads } = SLOTS[name](attrs);
  const inputs: Record<string, tf.Tensor> = {};
  reads.forEach((r, k) => sources[k]!.forEach((t, i) => (inputs[`${r}${i}`] = t)));
  return tf.engine().runKernel(name, inputs, { ...attrs, count }) as tf.Tensor[];
}

/**
 * Runs fused kernel `name` (see {@link runFused}) and assigns its outputs for variable i to
 * `targets[0][i]`, `targets[1][i]`, ...; false, doing nothing, when the kernel is not there.
 */
export function runFusedStep(
  name: (typeof FUSED_STEP)[keyof typeof FUSED_STEP],
  sources: ReadonlyArray<readonly tf.Tensor[]>,
  targets: ReadonlyArray<readonly tf.Variable[]>,
  attrs: NamedAttrMap,
): boolean {
  return tf.tidy(() => {
    const outs = runFused(name, sources, attrs);
    if (!outs) return false;
    let at = 0;
    for (let i = 0; i < sources[0]!.length; i++) for (const t of targets) t[i]!.assign(outs[at++]!);
    return true;
  });
}

/**
 * `α·a[i] + β·b[i]` for every i in one kernel call, rounded as `tf.add(tf.mul(a, α), tf.mul(b, β))`
 * (gradient averaging across shards); null when the backend has no fused kernel.
 */
export function fusedWeightedSums(a: readonly tf.Tensor[], b: readonly tf.Tensor[], alpha: number, beta: number): tf.Tensor[] | null {
  return runFused(FUSED_STEP.weightedSum, [a, b], { alpha, beta });
}

/**
 * Moving averages `target ← μ·target + (1−μ)·value` of every pair in one kernel call (batch-norm
 * statistics); false, doing nothing, when the backend has no fused kernel.
 */
export function fusedMovingAverages(targets: readonly tf.Variable[], values: readonly tf.Tensor[], momentum: number): boolean {
  return runFusedStep(FUSED_STEP.weightedSum, [targets, values], [targets], { alpha: momentum, beta: 1 - momentum });
}
