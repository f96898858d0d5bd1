/** EfficientNet's compound-scaling rounding rules. */

/**
 * Scales `filters` by `width` and rounds to a multiple of `divisor` (nearest, half up), never
 * below `divisor` nor below 90% of the scaled value.
 */
export function roundFilters(filters: number, width: number, divisor = 8, minDepth?: number): number {
  const scaled = filters * width;
  const min = minDepth ?? divisor;
  let rounded = Math.max(min, Math.floor(Math.floor(scaled + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * scaled) rounded += divisor;
  return Math.floor(rounded);
}

/** Scales block repeats by `depth`, rounding up. */
export function roundRepeats(repeats: number, depth: number): number {
  return Math.ceil(depth * repeats);
}
