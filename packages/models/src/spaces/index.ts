export { nasBenchMacroSpace } from './nas-bench-macro.js';
export { efficientNetSpace, efficientNetXSpace, type MBConvSpaceOptions } from './efficientnet.js';
export { ScalePermutation, spineNetSpace, spineNet49Permutation } from './spinenet.js';
