/** The shapes detection data, mAP, the RetinaNet-style detector and Det-AdvProp steps. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, sgd } from '@tsglove/train';
import {
  shapesDataset,
  inShape,
  iou,
  nms,
  averagePrecision,
  meanAveragePrecision,
  shapeDetector,
  detectorTrainStep,
  detAdvPropStep,
  copyMainBnToAux,
  type Detection,
} from '@tsglove/methods';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('shapesDataset', () => {
  it('boxes contain every pixel of their shape and are tight; pixels outside differ from the shape colour', () => {
    const d = shapesDataset({ count: 20, seed: 3 });
    expect(d.images).toHaveLength(20 * 32 * 32 * 3);
    for (const objs of d.objects) {
      expect(objs.length).toBeGreaterThanOrEqual(1);
      for (const o of objs) {
        let [ymin, xmin, ymax, xmax] = [99, 99, -1, -1];
        for (let y = 0; y < 32; y++)
          for (let x = 0; x < 32; x++) {
            if (!inShape(o.params, y, x)) continue;
            expect(y >= o.box[0] && y < o.box[2] && x >= o.box[1] && x < o.box[3]).toBe(true);
            [ymin, xmin, ymax, xmax] = [Math.min(ymin, y), Math.min(xmin, x), Math.max(ymax, y), Math.max(xmax, x)];
          }
        expect(o.box).toEqual([ymin, xmin, ymax + 1, xmax + 1]);
      }
      for (let i = 0; i < objs.length; i++)
        for (let j = i + 1; j < objs.length; j++) expect(iou(objs[i]!.box, objs[j]!.box)).toBeLessThanOrEqual(0.1);
    }
    // the same seed gives the same data
    expect(shapesDataset({ count: 20, seed: 3 }).objects).toEqual(d.objects);
    expect(() => shapesDataset({ count: 2, objectSize: [2, 5] })).toThrow(/objectSize/);
  });
});

describe('mAP', () => {
  const truth = shapesDataset({ count: 10, seed: 1 }).objects;
  it('perfect predictions give mAP 1; none give 0; a shifted box below the IoU threshold is a miss', () => {
    const perfect: Detection[][] = truth.map((objs) => objs.map((o) => ({ cls: o.cls, box: o.box, score: 0.9 })));
    expect(meanAveragePrecision(perfect, truth, 3)).toBe(1);
    expect(
      meanAveragePrecision(
        truth.map(() => []),
        truth,
        3,
      ),
    ).toBe(0);
    const shifted = perfect.map((ds) =>
      ds.map((d) => ({ ...d, box: [d.box[0] + 20, d.box[1] + 20, d.box[2] + 20, d.box[3] + 20] as Detection['box'] })),
    );
    expect(meanAveragePrecision(shifted, truth, 3)).toBe(0);
  });

  it('AP of a worked example: 2 objects, detections TP (0.9), FP (0.8), TP (0.7) → 0.5·1 + 0.5·2/3', () => {
    const gt = [
      [
        { cls: 0, box: [0, 0, 10, 10] as Detection['box'], params: { cls: 0, cy: 5, cx: 5, size: 10 } },
        { cls: 0, box: [20, 20, 30, 30] as Detection['box'], params: { cls: 0, cy: 25, cx: 25, size: 10 } },
      ],
    ];
    const preds: Detection[][] = [
      [
        { cls: 0, box: [0, 0, 10, 10], score: 0.9 },
        { cls: 0, box: [40, 40, 50, 50], score: 0.8 },
        { cls: 0, box: [20, 20, 30, 31], score: 0.7 },
      ],
    ];
    expect(averagePrecision(preds, gt, 0)).toBeCloseTo(0.5 + 0.5 * (2 / 3), 10);
    expect(Number.isNaN(averagePrecision(preds, gt, 1))).toBe(true);
  });

  it('NMS keeps the best of overlapping boxes of a class, not across classes', () => {
    const kept = nms([
      { cls: 0, box: [0, 0, 10, 10], score: 0.6 },
      { cls: 0, box: [0, 0, 10, 11], score: 0.9 },
      { cls: 1, box: [0, 0, 10, 10], score: 0.5 },
    ]);
    expect(kept.map((d) => d.score)).toEqual([0.9, 0.5]);
  });
});

describe('shapeDetector and Det-AdvProp', () => {
  // 16×16 images keep the cpu-backend steps fast
  const data = shapesDataset({ count: 4, size: 16, objectSize: [4, 8], seed: 2 });
  const x = (): tf.Tensor4D => tf.tensor4d(data.images, [4, 16, 16, 3]);
  const small = { imageSize: 16, anchorSizes: [4, 7, 10], filters: [8, 16, 16], headWidth: 16 };

  it('outputs per-anchor logits and deltas; every object gets a positive anchor; losses are finite', () => {
    const det = shapeDetector({ ...small, seed: 1 });
    expect(det.anchors).toHaveLength(4 * 4 * 3);
    const xb = x();
    const before = tf.memory().numTensors;
    const out = det.forward(xb);
    expect(out.cls.shape).toEqual([4, 48, 3]);
    expect(out.box.shape).toEqual([4, 48, 4]);
    const t = det.targets(data.objects);
    const positives = tf.tidy(() => tf.sum(tf.cast(tf.equal(t.state, 1), 'float32')).dataSync()[0]!);
    expect(positives).toBeGreaterThanOrEqual(data.objects.flat().length);
    const l = det.losses(xb, t);
    expect(Number.isFinite(l.cls.dataSync()[0]!) && l.cls.dataSync()[0]! > 0).toBe(true);
    expect(Number.isFinite(l.box.dataSync()[0]!)).toBe(true);
    tf.dispose([out.cls, out.box, t.cls, t.box, t.state, l.cls, l.box]);
    expect(tf.memory().numTensors).toBe(before);
    expect(det.detect(xb).length).toBe(4);
    xb.dispose();
    det.dispose();
  });

  it("the head (tf.js ops, not IR: detector.ts says why) starts at RetinaNet's prior: every class probability near 0.01", () => {
    const det = shapeDetector({ ...small, seed: 1 });
    const head = det.variables.slice(-6);
    // shared 3×3 conv, class conv, box conv: kernels and biases
    expect(head.map((v) => v.shape)).toEqual([[3, 3, 16, 16], [16], [3, 3, 16, 9], [9], [3, 3, 16, 12], [12]]);
    expect(Array.from(head[3]!.dataSync())).toEqual(new Array(9).fill(Math.fround(-Math.log(99))));
    const xb = x();
    const out = det.forward(xb);
    const probs = tf.tidy(() => tf.sigmoid(out.cls).dataSync());
    expect(Math.max(...probs)).toBeLessThan(0.05);
    expect(Math.min(...probs)).toBeGreaterThan(0.002);
    tf.dispose([xb, out.cls, out.box]);
    det.dispose();
  });

  it('plain and Det-AdvProp steps lower the loss; the kept attack is the stronger one; aux BN starts as a copy', () => {
    const det = shapeDetector({ ...small, seed: 2, auxBatchNorm: true });
    copyMainBnToAux(det);
    const b = det.backbone;
    const names = b.weightNames;
    const all = [...b.trainableWeights, ...b.nonTrainableWeights];
    expect(Array.from(all[names.indexOf('bn0_aux/gamma')]!.dataSync())).toEqual(Array.from(all[names.indexOf('bn0/gamma')]!.dataSync()));
    const xb = x();
    const t = det.targets(data.objects);
    const opt = sgd({ momentum: 0.9 });
    const first = detectorTrainStep(det, opt, xb, t, 0.01);
    const attack = { epsilon: 0.03, steps: 1, stepSize: 0.03, randomStart: false };
    const s1 = detAdvPropStep(det, opt, xb, t, 0.01, attack);
    expect(['cls', 'box']).toContain(s1.chosen);
    expect(s1.adversarial).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    let last = s1;
    for (let i = 0; i < 4; i++) last = detAdvPropStep(det, opt, xb, t, 0.01, attack);
    expect(tf.memory().numTensors).toBe(before);
    expect(last.clean).toBeLessThan(first);
    tf.dispose([xb, t.cls, t.box, t.state]);
    opt.dispose();
    det.dispose();
  });
});
