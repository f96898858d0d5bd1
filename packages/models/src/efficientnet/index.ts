export {
  MBConvBlock,
  EfficientNet,
  buildEfficientNet,
  efficientNetBody,
  planBlocks,
  type EfficientNetSpec,
  type EfficientNetBody,
  type PlannedBlock,
} from './model.js';
export { decodeBlockString, encodeBlockString, ACTIVATION_CODES } from './block-string.js';
export { BLOCK_FIELDS, type BlockArgs } from './block-args.js';
export { roundFilters, roundRepeats } from './rounding.js';
export {
  efficientNet,
  efficientNetX,
  efficientNetLite,
  EFFICIENTNET_LITE_SCALING,
  type EfficientNetLitePreset,
  EFFICIENTNET_B0_BLOCKS,
  EFFICIENTNET_X_B0_BLOCKS,
  EFFICIENTNET_SCALING,
  EFFICIENTNET_X_TPU_SCALING,
  type EfficientNetPreset,
  type Scaling,
  type PresetOptions,
} from './presets.js';
