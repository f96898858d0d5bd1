/**
 * A generated detection data set: RGB images of filled squares, circles and triangles (1–3 per
 * image, random size, colour and position, little overlap) on a dim noisy background, with tight
 * ground-truth boxes computed from the drawn pixels.
 */
import { seededRandom } from '@tsglove/symbolic';
import { ModelsError, checkInt } from '@tsglove/models';

/** Class names by id. */
export const SHAPE_CLASSES = ['square', 'circle', 'triangle'] as const;

/** A box `[y1, x1, y2, x2]` in pixels (y2, x2 exclusive). */
export type Box = [number, number, number, number];

/** How one object was drawn. */
export interface ShapeParams {
  cls: number;
  /** Centre row/column and size (side, diameter, or triangle height) in pixels. */
  cy: number;
  cx: number;
  size: number;
}

/** One ground-truth object. */
export interface DetObject {
  cls: number;
  box: Box;
  params: ShapeParams;
}

/** Images and their objects. */
export interface DetectionDataset {
  /** `count × size × size × 3` floats in [0, 1]. */
  images: Float32Array;
  objects: DetObject[][];
  count: number;
  size: number;
  numClasses: number;
}

/** Whether pixel (y, x) belongs to the shape. */
export function inShape(p: ShapeParams, y: number, x: number): boolean {
  const dy = y + 0.5 - p.cy;
  const dx = x + 0.5 - p.cx;
  const r = p.size / 2;
  if (p.cls === 0) return Math.abs(dy) <= r && Math.abs(dx) <= r;
  if (p.cls === 1) return dy * dy + dx * dx <= r * r;
  // isosceles triangle, apex up: at height t ∈ [0, 1] from the apex the half-width is t·r
  const t = (dy + r) / p.size;
  return t >= 0 && t <= 1 && Math.abs(dx) <= t * r;
}

/** The pixels of a shape inside an `h × w` image, as the tight box around them (null if none). */
export function shapeBox(p: ShapeParams, h: number, w: number): Box | null {
  let y1 = h,
    x1 = w,
    y2 = -1,
    x2 = -1;
  const lo = Math.max(0, Math.floor(p.cy - p.size)),
    hiY = Math.min(h, Math.ceil(p.cy + p.size));
  const loX = Math.max(0, Math.floor(p.cx - p.size)),
    hiX = Math.min(w, Math.ceil(p.cx + p.size));
  for (let y = lo; y < hiY; y++)
    for (let x = loX; x < hiX; x++) {
      if (!inShape(p, y, x)) continue;
      y1 = Math.min(y1, y);
      x1 = Math.min(x1, x);
      y2 = Math.max(y2, y);
      x2 = Math.max(x2, x);
    }
  return y2 < 0 ? null : [y1, x1, y2 + 1, x2 + 1];
}

/** Intersection over union of two boxes. */
export function iou(a: Box, b: Box): number {
  const ih = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iw = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ih * iw;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** Options of {@link shapesDataset}. */
export interface ShapesOptions {
  count: number;
  /** Image side (default 32). */
  size?: number;
  /** Object size range in pixels (default [6, 14]). */
  objectSize?: [number, number];
  /** Max objects per image (default 3). */
  maxObjects?: number;
  seed?: number;
}

/** Generates the data set from a seed. */
export function shapesDataset(o: ShapesOptions): DetectionDataset {
  const size = o.size ?? 32;
  const [smin, smax] = o.objectSize ?? [6, 14];
  const maxObjects = o.maxObjects ?? 3;
  checkInt(o.count, 'count');
  checkInt(size, 'size', 8);
  if (!(smin >= 3 && smax >= smin && smax < size))
    throw new ModelsError(`expected 3 <= min <= max < ${size}, got [${smin}, ${smax}]`, 'objectSize');
  const r = seededRandom(o.seed ?? 0);
  const images = new Float32Array(o.count * size * size * 3);
  const objects: DetObject[][] = [];
  for (let i = 0; i < o.count; i++) {
    const base = i * size * size * 3;
    const bg = 0.25 * r();
    for (let p = 0; p < size * size * 3; p++) images[base + p] = Math.min(1, Math.max(0, bg + 0.04 * (r() - 0.5)));
    const n = 1 + Math.floor(r() * maxObjects);
    const objs: DetObject[] = [];
    for (let k = 0, tries = 0; k < n && tries < 30; tries++) {
      const s = smin + r() * (smax - smin);
      const params: ShapeParams = {
        cls: Math.floor(r() * SHAPE_CLASSES.length),
        size: s,
        cy: s / 2 + 1 + r() * (size - s - 2),
        cx: s / 2 + 1 + r() * (size - s - 2),
      };
      const box = shapeBox(params, size, size);
      if (!box || objs.some((ob) => iou(ob.box, box) > 0.1)) continue;
      const color = [0.4 + 0.6 * r(), 0.4 + 0.6 * r(), 0.4 + 0.6 * r()];
      for (let y = box[0]; y < box[2]; y++)
        for (let x = box[1]; x < box[3]; x++) {
          if (!inShape(params, y, x)) continue;
          for (let c = 0; c < 3; c++) images[base + (y * size + x) * 3 + c] = color[c]!;
        }
      objs.push({ cls: params.cls, box, params });
      k++;
    }
    objects.push(objs);
  }
  return { images, objects, count: o.count, size, numClasses: SHAPE_CLASSES.length };
}
