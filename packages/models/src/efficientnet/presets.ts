/**
 * Published EfficientNet and EfficientNet-X presets.
 */
import { UnknownPresetError } from '../errors.js';
import { EfficientNet, MBConvBlock } from './model.js';
import { decodeBlockString } from './block-string.js';

/** EfficientNet-B0 block strings. */
export const EFFICIENTNET_B0_BLOCKS: readonly string[] = [
  'r1_k3_s11_e1_i32_o16_se0.25',
  'r2_k3_s22_e6_i16_o24_se0.25',
  'r2_k5_s22_e6_i24_o40_se0.25',
  'r3_k3_s22_e6_i40_o80_se0.25',
  'r3_k5_s11_e6_i80_o112_se0.25',
  'r4_k5_s22_e6_i112_o192_se0.25',
  'r1_k3_s11_e6_i192_o320_se0.25',
];

/** EfficientNet-X-B0 block strings (fused MBConv, space-to-depth, per-block activation). */
export const EFFICIENTNET_X_B0_BLOCKS: readonly string[] = [
  'r1_k3_s11_e1_i32_o16_se0.25_d1_a0',
  'r2_k3_s22_e6_i16_o24_se0.25_f1_d2_a1',
  'r2_k5_s22_e6_i24_o40_se0.25_f1_a1',
  'r3_k3_s22_e6_i40_o80_se0.25_a0',
  'r3_k5_s11_e6_i80_o112_se0.25_a0',
  'r4_k5_s22_e6_i112_o192_se0.25_a0',
  'r1_k3_s11_e6_i192_o320_se0.25_a0',
];

/** A compound-scaling point: width, depth, resolution, dropout. */
export interface Scaling {
  width: number;
  depth: number;
  resolution: number;
  dropout: number;
}

/** EfficientNet presets (width, depth, resolution, dropout). */
export const EFFICIENTNET_SCALING = {
  b0: { width: 1.0, depth: 1.0, resolution: 224, dropout: 0.2 },
  b1: { width: 1.0, depth: 1.1, resolution: 240, dropout: 0.2 },
  b2: { width: 1.1, depth: 1.2, resolution: 260, dropout: 0.3 },
  b3: { width: 1.2, depth: 1.4, resolution: 300, dropout: 0.3 },
  b4: { width: 1.4, depth: 1.8, resolution: 380, dropout: 0.4 },
  b5: { width: 1.6, depth: 2.2, resolution: 456, dropout: 0.4 },
  b6: { width: 1.8, depth: 2.6, resolution: 528, dropout: 0.5 },
  b7: { width: 2.0, depth: 3.1, resolution: 600, dropout: 0.5 },
} as const satisfies Record<string, Scaling>;

/** EfficientNet preset names. */
export type EfficientNetPreset = keyof typeof EFFICIENTNET_SCALING;

/** The LACS-scaled EfficientNet-X variants found for TPUv3 (depth grows fastest, resolution slowest). */
export const EFFICIENTNET_X_TPU_SCALING = {
  b0: { width: 1.0, depth: 1.0, resolution: 224, dropout: 0.2 },
  b1: { width: 1.05, depth: 1.09, resolution: 229, dropout: 0.2 },
  b2: { width: 1.13, depth: 1.29, resolution: 244, dropout: 0.3 },
  b3: { width: 1.27, depth: 1.62, resolution: 263, dropout: 0.3 },
  b4: { width: 1.54, depth: 2.38, resolution: 299, dropout: 0.4 },
  b5: { width: 1.96, depth: 2.76, resolution: 332, dropout: 0.4 },
  b6: { width: 2.75, depth: 3.01, resolution: 328, dropout: 0.5 },
  b7: { width: 3.26, depth: 3.44, resolution: 350, dropout: 0.5 },
} as const satisfies Record<EfficientNetPreset, Scaling>;

function scaling<T extends Record<string, Scaling>>(table: T, name: string, path: string): Scaling {
  const s = (table as Record<string, Scaling>)[name];
  if (!Object.hasOwn(table, name) || !s) throw new UnknownPresetError(name, Object.keys(table), path);
  return s;
}

/** Options of the preset functions. */
export interface PresetOptions {
  numClasses?: number;
  includeTop?: boolean;
  /** Override the preset's input resolution. */
  resolution?: number;
}

/** EfficientNet-B0..B7 as a symbolic config (counts match Keras `EfficientNetB*`). */
export function efficientNet(preset: EfficientNetPreset, options: PresetOptions = {}): EfficientNet {
  const s = scaling(EFFICIENTNET_SCALING, preset, 'preset');
  return new EfficientNet({
    name: `efficientnet-${preset}`,
    blocks: EFFICIENTNET_B0_BLOCKS.map((b, i) => MBConvBlock.parse(b, `blocks[${i}]`)),
    ...s,
    ...options,
  });
}

/**
 * EfficientNet-X-B0..B7 (Li et al. 2021, "Searching for Fast Model Families on Datacenter
 * Accelerators"). `scaling: 'tpu'` gives the LACS-scaled variants found for TPUv3; the default
 * `'compound'` uses EfficientNet's coefficients. As in the TPU reference, stem and head use ReLU
 * and the SE ratio is multiplied by 4 (B0) or 2 (B1).
 */
export function efficientNetX(preset: EfficientNetPreset, options: PresetOptions & { scaling?: 'compound' | 'tpu' } = {}): EfficientNet {
  const { scaling: which = 'compound', ...rest } = options;
  if (which !== 'compound' && which !== 'tpu') throw new UnknownPresetError(String(which), ['compound', 'tpu'], 'scaling');
  const s = scaling(which === 'tpu' ? EFFICIENTNET_X_TPU_SCALING : EFFICIENTNET_SCALING, preset, 'preset');
  return new EfficientNet({
    activation: 'relu',
    seCoefficient: preset === 'b0' ? 4 : preset === 'b1' ? 2 : 1,
    name: `efficientnet-x-${preset}${which === 'tpu' ? '-tpu' : ''}`,
    blocks: EFFICIENTNET_X_B0_BLOCKS.map((b, i) => MBConvBlock.parse(b, `blocks[${i}]`)),
    ...s,
    ...rest,
  });
}

/** EfficientNet-Lite presets (width, depth, resolution, dropout). */
export const EFFICIENTNET_LITE_SCALING = {
  lite0: { width: 1.0, depth: 1.0, resolution: 224, dropout: 0.2 },
  lite1: { width: 1.0, depth: 1.1, resolution: 240, dropout: 0.2 },
  lite2: { width: 1.1, depth: 1.2, resolution: 260, dropout: 0.3 },
  lite3: { width: 1.2, depth: 1.4, resolution: 280, dropout: 0.3 },
  lite4: { width: 1.4, depth: 1.8, resolution: 300, dropout: 0.3 },
} as const satisfies Record<string, Scaling>;

/** EfficientNet-Lite preset names. */
export type EfficientNetLitePreset = keyof typeof EFFICIENTNET_LITE_SCALING;

/**
 * EfficientNet-Lite0..4 (the mobile/edge variants): no squeeze-and-excite, ReLU6 instead of swish,
 * stem, head and the first/last block groups kept fixed while scaling.
 */
export function efficientNetLite(preset: EfficientNetLitePreset, options: PresetOptions = {}): EfficientNet {
  const s = scaling(EFFICIENTNET_LITE_SCALING, preset, 'preset');
  return new EfficientNet({
    name: `efficientnet-${preset}`,
    blocks: EFFICIENTNET_B0_BLOCKS.map((b, i) => new MBConvBlock({ ...decodeBlockString(b, `blocks[${i}]`), seRatio: 0 })),
    activation: 'relu6',
    fixHeadStem: true,
    ...s,
    ...options,
  });
}
