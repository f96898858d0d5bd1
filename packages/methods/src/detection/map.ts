/**
 * Detection evaluation: greedy non-maximum suppression and mean average precision at an IoU
 * threshold (PASCAL VOC style: per class, detections sorted by score are matched greedily to unmatched
 * ground truth with IoU ≥ threshold; AP is the area under the precision envelope, all points).
 */
import { iou, type Box, type DetObject } from './shapes-data.js';

/** One predicted box. */
export interface Detection {
  cls: number;
  box: Box;
  score: number;
}

/** Greedy NMS per class: keeps the best box, drops others of its class with IoU > `threshold`. */
export function nms(dets: readonly Detection[], threshold = 0.5, maxDetections = 20): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.length >= maxDetections) break;
    if (kept.every((k) => k.cls !== d.cls || iou(k.box, d.box) <= threshold)) kept.push(d);
  }
  return kept;
}

/** Average precision of one class (all-point interpolation); NaN when the class has no ground truth. */
export function averagePrecision(
  predictions: readonly Detection[][],
  truth: readonly DetObject[][],
  cls: number,
  iouThreshold = 0.5,
): number {
  const gtCount = truth.reduce((n, objs) => n + objs.filter((o) => o.cls === cls).length, 0);
  if (gtCount === 0) return NaN;
  const dets = predictions.flatMap((ds, image) => ds.filter((d) => d.cls === cls).map((d) => ({ ...d, image })));
  dets.sort((a, b) => b.score - a.score);
  const used = truth.map((objs) => objs.map(() => false));
  const tp: number[] = [];
  for (const d of dets) {
    let best = -1;
    let bestIou = iouThreshold;
    truth[d.image]!.forEach((o, j) => {
      if (o.cls !== cls || used[d.image]![j]) return;
      const v = iou(o.box, d.box);
      if (v >= bestIou) {
        bestIou = v;
        best = j;
      }
    });
    if (best >= 0) used[d.image]![best] = true;
    tp.push(best >= 0 ? 1 : 0);
  }
  const recall: number[] = [];
  const precision: number[] = [];
  let cum = 0;
  tp.forEach((t, i) => {
    cum += t;
    recall.push(cum / gtCount);
    precision.push(cum / (i + 1));
  });
  for (let i = precision.length - 2; i >= 0; i--) precision[i] = Math.max(precision[i]!, precision[i + 1]!);
  let ap = 0;
  let prev = 0;
  recall.forEach((r, i) => {
    ap += (r - prev) * precision[i]!;
    prev = r;
  });
  return ap;
}

/** Mean AP over the classes that have ground truth. */
export function meanAveragePrecision(
  predictions: readonly Detection[][],
  truth: readonly DetObject[][],
  numClasses: number,
  iouThreshold = 0.5,
): number {
  const aps = Array.from({ length: numClasses }, (_, c) => averagePrecision(predictions, truth, c, iouThreshold)).filter(
    (v) => !Number.isNaN(v),
  );
  return aps.length ? aps.reduce((a, b) => a + b, 0) / aps.length : NaN;
}
