export {
  SpineNetBlock,
  SPINENET_BLOCK_FNS,
  blocksFromTuples,
  scalePermuted,
  validateBlocks,
  type SpineNetBlockFn,
  type BlockSpecTuple,
  type Feature,
  type ScalePermutedOps,
} from './scale-permuted.js';
export {
  SpineNet,
  spineNet,
  spineNetBody,
  SPINENET_BLOCK_SPECS,
  SPINENET_FILTERS,
  SPINENET_SCALING,
  SPINENET_RESOLUTION,
  type SpineNetPreset,
  type SpineNetOptions,
} from './spinenet.js';
export {
  MobileSpineNet,
  mobileSpineNet,
  mobileSpineNetBody,
  MOBILE_SPINENET_BLOCK_SPECS,
  MOBILE_SPINENET_FILTERS,
  MOBILE_SPINENET_SCALING,
  type MobileSpineNetPreset,
} from './mobile.js';
