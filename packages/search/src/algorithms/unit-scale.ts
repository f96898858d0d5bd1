/**
 * A float decision's value mapped to [0, 1] in its scale (linear, log or reversed log) and back:
 * the space model-based algorithms (TPE, CMA-ES) work in.
 */
import type { FloatPoint } from '@tsglove/symbolic';

/** `x` (in `[p.min, p.max]`) as a number in [0, 1], in the point's scale. */
export function toUnit(p: FloatPoint, x: number): number {
  if (p.max === p.min) return 0.5;
  if (p.scale === 'log') return (Math.log(x) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min));
  if (p.scale === 'rlog') return 1 - (Math.log(p.max + p.min - x) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min));
  return (x - p.min) / (p.max - p.min);
}

/** The inverse of {@link toUnit}, clamped to `[p.min, p.max]`. */
export function fromUnit(p: FloatPoint, u: number): number {
  if (p.max === p.min) return p.min;
  let x: number;
  if (p.scale === 'log') x = Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min)));
  else if (p.scale === 'rlog') x = p.max + p.min - Math.exp(Math.log(p.min) + (1 - u) * (Math.log(p.max) - Math.log(p.min)));
  else x = p.min + u * (p.max - p.min);
  return Math.min(p.max, Math.max(p.min, x));
}
