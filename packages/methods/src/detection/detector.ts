/**
 * A small RetinaNet-style detector (Lin et al. 2017) for the generated shapes: a {@link ConvNet}
 * backbone (stride 4 feature map, optional auxiliary BN for AdvProp), one feature level with square
 * anchors of a few sizes per cell, and a shared 3×3 conv feeding a class subnet (sigmoid per class
 * and anchor, focal loss) and a box subnet (deltas `(ty, tx, th, tw)`, smooth-L1 loss).
 *
 * Why the head is written with tf.js ops and not in the IR (CONTRIBUTING.md, "Describing a
 * network"): the backbone is the IR graph of the methods' ConvNet (`convNetGraph`), but the head's
 * three convolutions carry RetinaNet's initialization — the subnet kernels scaled by 0.1 and the
 * class bias at the prior `−log((1 − π)/π)`, π = 0.01, so that the ~200 background anchors per
 * image do not swamp the focal loss in the first steps — which no IR weight init expresses
 * (`WeightSpec.init` is heNormal, zeros or ones), and its outputs are reshaped from the feature map
 * to per-anchor rows `[n, anchors, k]`, for which the IR has no layer kind. Porting it would change
 * the initial weights (and with them the DET-ADVPROP figures) or add an init option and a reshape
 * kind used by this one model; nothing costs the detector on hardware. The two would make it a
 * 5-layer IR head: a conv init field (`kernelScale`, `biasConstant`) and a `reshape` kind.
 */
import * as tf from '@tensorflow/tfjs';
import { heNormal } from '@tsglove/train';
import { ModelsError } from '@tsglove/models';
import { convNet, type ConvNet, type ForwardOptions } from '../convnet.js';
import { applyActivation } from '../activations.js';
import { iou, type Box, type DetObject } from './shapes-data.js';
import { nms, type Detection } from './map.js';

/** Arguments of {@link shapeDetector}. */
export interface DetectorOptions {
  /** Image side (default 32); must be a multiple of 4. */
  imageSize?: number;
  numClasses?: number;
  /** Anchor sides in pixels (default `[6, 10, 15]`). */
  anchorSizes?: readonly number[];
  /** Backbone filters (default `[16, 32, 32]`; layers 1 and 2 stride 2). */
  filters?: readonly number[];
  /** Head width (default 32). */
  headWidth?: number;
  /** Auxiliary BN in the backbone (Det-AdvProp). */
  auxBatchNorm?: boolean;
  seed?: number;
}

/** @deprecated Renamed {@link DetectorOptions} (option bags are `*Options`). */
export type DetectorArgs = DetectorOptions;

/** Per-anchor training targets of a batch. */
export interface DetTargets {
  /** `[n, anchors, classes]` one-hot (zeros for background). */
  cls: tf.Tensor3D;
  /** `[n, anchors, 4]` encoded deltas (zeros where not positive). */
  box: tf.Tensor3D;
  /** `[n, anchors]`: 1 positive, 0 negative, −1 ignored. */
  state: tf.Tensor2D;
}

/** The detector. */
export interface ShapeDetector {
  readonly backbone: ConvNet;
  /** Anchors `[y1, x1, y2, x2]`, cell-major then size. */
  readonly anchors: readonly Box[];
  readonly numClasses: number;
  /** The weights the losses reach (the backbone's classifier head excluded). */
  readonly trainableWeights: readonly tf.Variable[];
  /** Every variable (trainable or not), in a fixed order: for snapshots and copies. */
  readonly variables: readonly tf.Variable[];
  /** Class logits `[n, anchors, classes]` and box deltas `[n, anchors, 4]`. */
  forward(x: tf.Tensor4D, options?: ForwardOptions): { cls: tf.Tensor3D; box: tf.Tensor3D };
  /** Targets of a batch's ground truth (IoU ≥ 0.5 positive, < 0.4 negative, each object's best anchor positive). */
  targets(objects: readonly DetObject[][]): DetTargets;
  /** Focal classification loss and smooth-L1 box loss, each normalized by the number of positives. */
  losses(x: tf.Tensor4D, t: DetTargets, options?: ForwardOptions): { cls: tf.Scalar; box: tf.Scalar };
  /** Decoded, NMS-ed detections per image (inference mode, main BN). */
  detect(x: tf.Tensor4D, scoreThreshold?: number): Detection[][];
  dispose(): void;
}

function encode(b: Box, a: Box): [number, number, number, number] {
  const [ah, aw] = [a[2] - a[0], a[3] - a[1]];
  const [bh, bw] = [b[2] - b[0], b[3] - b[1]];
  return [((b[0] + b[2]) / 2 - (a[0] + a[2]) / 2) / ah, ((b[1] + b[3]) / 2 - (a[1] + a[3]) / 2) / aw, Math.log(bh / ah), Math.log(bw / aw)];
}

function decode(d: ArrayLike<number>, off: number, a: Box): Box {
  const [ah, aw] = [a[2] - a[0], a[3] - a[1]];
  const cy = (a[0] + a[2]) / 2 + d[off]! * ah;
  const cx = (a[1] + a[3]) / 2 + d[off + 1]! * aw;
  const h = ah * Math.exp(Math.min(4, d[off + 2]!));
  const w = aw * Math.exp(Math.min(4, d[off + 3]!));
  return [cy - h / 2, cx - w / 2, cy + h / 2, cx + w / 2];
}

/** Builds the detector. */
export function shapeDetector(options: DetectorOptions = {}): ShapeDetector {
  const size = options.imageSize ?? 32;
  if (!Number.isInteger(size) || size % 4 !== 0) throw new ModelsError(`expected a multiple of 4, got ${size}`, 'imageSize');
  const k = options.numClasses ?? 3;
  const sizes = options.anchorSizes ?? [6, 10, 15];
  const width = options.headWidth ?? 32;
  const seed = options.seed ?? 0;
  const backbone = convNet({
    inputShape: [size, size, 3],
    filters: options.filters ?? [16, 32, 32],
    strided: [1, 2],
    activation: 'relu',
    auxBatchNorm: options.auxBatchNorm ?? false,
    numClasses: 1,
    seed,
  });
  const grid = size / 4;
  const anchors: Box[] = [];
  for (let i = 0; i < grid; i++)
    for (let j = 0; j < grid; j++)
      for (const s of sizes) {
        const cy = (i + 0.5) * 4;
        const cx = (j + 0.5) * 4;
        anchors.push([cy - s / 2, cx - s / 2, cy + s / 2, cx + s / 2]);
      }
  const A = sizes.length;
  const cin = backbone.args.filters[backbone.args.filters.length - 1]!;
  const shared = tf.variable(heNormal([3, 3, cin, width], 9 * cin, seed + 100));
  const sharedBias = tf.variable(tf.zeros([width]));
  const clsKernel = tf.variable(tf.mul(heNormal([3, 3, width, A * k], 9 * width, seed + 101), 0.1));
  // prior 0.01 foreground probability (RetinaNet's bias initialization)
  const clsBias = tf.variable(tf.fill([A * k], -Math.log((1 - 0.01) / 0.01)));
  const boxKernel = tf.variable(tf.mul(heNormal([3, 3, width, A * 4], 9 * width, seed + 102), 0.1));
  const boxBias = tf.variable(tf.zeros([A * 4]));
  const head = [shared, sharedBias, clsKernel, clsBias, boxKernel, boxBias];
  const backboneWeights = backbone.trainableWeights.filter((_, i) => !backbone.weightNames[i]!.startsWith('dense/'));
  const trainable = [...backboneWeights, ...head];

  const forward = (x: tf.Tensor4D, o: ForwardOptions = {}): { cls: tf.Tensor3D; box: tf.Tensor3D } =>
    tf.tidy(() => {
      const { logits, features } = backbone.forward(x, o);
      const f = features[features.length - 1]!;
      const n = x.shape[0];
      const h = applyActivation(tf.add(tf.conv2d(f, shared as tf.Tensor4D, 1, 'same'), sharedBias), 'relu') as tf.Tensor4D;
      const cls = tf.reshape(tf.add(tf.conv2d(h, clsKernel as tf.Tensor4D, 1, 'same'), clsBias), [n, grid * grid * A, k]) as tf.Tensor3D;
      const box = tf.reshape(tf.add(tf.conv2d(h, boxKernel as tf.Tensor4D, 1, 'same'), boxBias), [n, grid * grid * A, 4]) as tf.Tensor3D;
      tf.dispose([logits, ...features.slice(0, -1)]);
      return { cls, box };
    });

  const targets = (objects: readonly DetObject[][]): DetTargets => {
    const n = objects.length;
    const N = anchors.length;
    const cls = new Float32Array(n * N * k);
    const box = new Float32Array(n * N * 4);
    const state = new Float32Array(n * N);
    objects.forEach((objs, b) => {
      const bestFor = objs.map(() => ({ v: -1, a: -1 }));
      for (let a = 0; a < N; a++) {
        let best = -1;
        let bestIou = 0;
        objs.forEach((o, j) => {
          const v = iou(anchors[a]!, o.box);
          if (v > bestIou) {
            bestIou = v;
            best = j;
          }
          if (v > bestFor[j]!.v) bestFor[j] = { v, a };
        });
        state[b * N + a] = bestIou >= 0.5 ? 1 : bestIou < 0.4 ? 0 : -1;
        if (bestIou >= 0.5) assign(b, a, objs[best]!);
      }
      objs.forEach((o, j) => {
        const a = bestFor[j]!.a;
        if (a >= 0) {
          state[b * N + a] = 1;
          for (let c = 0; c < k; c++) cls[(b * N + a) * k + c] = 0;
          assign(b, a, o);
        }
      });
    });
    function assign(b: number, a: number, o: DetObject): void {
      cls[(b * N + a) * k + o.cls] = 1;
      box.set(encode(o.box, anchors[a]!), (b * N + a) * 4);
    }
    return { cls: tf.tensor3d(cls, [n, N, k]), box: tf.tensor3d(box, [n, N, 4]), state: tf.tensor2d(state, [n, N]) };
  };

  const losses = (x: tf.Tensor4D, t: DetTargets, o: ForwardOptions = {}): { cls: tf.Scalar; box: tf.Scalar } =>
    tf.tidy(() => {
      const out = forward(x, o);
      const pos = tf.cast(tf.equal(t.state, 1), 'float32');
      const valid = tf.cast(tf.greaterEqual(t.state, 0), 'float32');
      const numPos = tf.maximum(tf.sum(pos), 1);
      // focal loss, α = 0.25, γ = 2
      const p = tf.sigmoid(out.cls);
      const ce = tf.add(tf.relu(out.cls), tf.sub(tf.log1p(tf.exp(tf.neg(tf.abs(out.cls)))), tf.mul(out.cls, t.cls)));
      const pt = tf.add(tf.mul(p, t.cls), tf.mul(tf.sub(1, p), tf.sub(1, t.cls)));
      const alpha = tf.add(tf.mul(t.cls, 0.25), tf.mul(tf.sub(1, t.cls), 0.75));
      const focal = tf.mul(tf.mul(alpha, tf.square(tf.sub(1, pt))), ce);
      const clsLoss = tf.div(tf.sum(tf.mul(tf.sum(focal, -1), valid)), numPos) as tf.Scalar;
      const diff = tf.abs(tf.sub(out.box, t.box));
      const beta = 0.11;
      // smooth L1 written with min (differentiable everywhere in tf.js, unlike where(less(...)))
      const m = tf.minimum(diff, beta);
      const sl1 = tf.add(tf.div(tf.mul(tf.square(m), 0.5), beta), tf.sub(diff, m));
      const boxLoss = tf.div(tf.sum(tf.mul(tf.sum(sl1, -1), pos)), numPos) as tf.Scalar;
      return { cls: clsLoss, box: boxLoss };
    });

  const detect = (x: tf.Tensor4D, scoreThreshold = 0.05): Detection[][] => {
    const out = forward(x);
    const probs = tf.sigmoid(out.cls);
    const pv = probs.dataSync();
    const bv = out.box.dataSync();
    tf.dispose([out.cls, out.box, probs]);
    const N = anchors.length;
    const result: Detection[][] = [];
    for (let b = 0; b < x.shape[0]; b++) {
      const dets: Detection[] = [];
      for (let a = 0; a < N; a++)
        for (let c = 0; c < k; c++) {
          const s = pv[(b * N + a) * k + c]!;
          if (s >= scoreThreshold) dets.push({ cls: c, score: s, box: decode(bv, (b * N + a) * 4, anchors[a]!) });
        }
      result.push(nms(dets, 0.5, 20));
    }
    return result;
  };

  return {
    backbone,
    anchors,
    numClasses: k,
    trainableWeights: trainable,
    forward,
    targets,
    losses,
    detect,
    variables: [...backbone.trainableWeights, ...backbone.nonTrainableWeights, ...head],
    dispose: () => {
      backbone.dispose();
      head.forEach((v) => v.dispose());
    },
  };
}
