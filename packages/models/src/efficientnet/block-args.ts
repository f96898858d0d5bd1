/**
 * The fields of one MBConv block group — the fields of a block string — written once: the
 * symbolic {@link MBConvBlock} class is made from {@link BLOCK_FIELDS}, {@link BlockArgs} is
 * inferred from them, and decoded block strings are checked against them.
 *
 * `BlockArgs` keeps its name (not `*Options`, the project's word for option bags): it is the
 * EfficientNet reference code's term (`BlockArgs` in `efficientnet_model.py`), which readers of
 * the paper's code look for; see CONTRIBUTING.md.
 */
import { t, type FieldsOutput, type SymObject } from '@tsglove/symbolic';
import { ACTIVATIONS } from '../ir/layers.js';

/** Field specs of one MBConv block group. */
export const BLOCK_FIELDS = {
  repeats: t.int({ min: 1 }).default(1).describe('blocks in the group (before depth scaling)'),
  kernel: t.int({ min: 1, max: 15 }).default(3),
  stride: t.int({ min: 1, max: 4 }).default(1),
  expandRatio: t.float({ min: 1 }).default(6),
  inputFilters: t.int({ min: 1 }),
  outputFilters: t.int({ min: 1 }),
  seRatio: t.float({ min: 0, max: 1 }).default(0).describe('squeeze-and-excite ratio (0 = none)'),
  idSkip: t.bool().default(true),
  fused: t.bool().default(false).describe('fused MBConv: k×k expansion conv instead of 1×1 + depthwise'),
  spaceToDepth: t
    .enum([0, 1, 2] as const)
    .default(0)
    .describe('0 none; 1: 2×2/2 space-to-depth conv first; 2: run a stride-2 block at stride 1'),
  activation: t.enum(ACTIVATIONS).nullable().default(null).describe("block activation; null = the model's"),
};

/** Arguments of one MBConv block group (the validated fields of {@link BLOCK_FIELDS}). */
export type BlockArgs = FieldsOutput<typeof BLOCK_FIELDS>;

/** The field values of a symbolic object as a plain record (children stay the live objects). */
export function fieldValues<T>(obj: SymObject): T {
  const out: Record<string, unknown> = {};
  for (const key of obj.symSchema.keys) out[key] = (obj as unknown as Record<string, unknown>)[key];
  return out as T;
}
