/**
 * @tsglove/models — a network IR with shapes, parameter/FLOP counts and hardware op lists, and
 * builders of published model families. TensorFlow.js materialization lives in `@tsglove/train`.
 */
export { ModelsError, ShapeError, UnknownPresetError } from './errors.js';
export { checkAbove, checkArg, checkInt, checkNumber } from './checks.js';
export * from './ir/index.js';
export { mbConv, type MBConvOptions } from './blocks/mbconv.js';
export * from './nas-bench-macro/index.js';
export * from './efficientnet/index.js';
export { ResNet, resNet, resNet50, resNetBody, bottleneck, RESNET_STAGES, type ResNetBody } from './resnet/model.js';
export { MobileNetV2, mobileNetV2, MOBILENET_V2_BLOCKS } from './mobilenet/model.js';
export { separableConv2d, type SeparableConv } from './blocks/separable.js';
export { sharedHead, type HeadOptions } from './detection/heads.js';
export { bifpn, bifpnNodes, resampleFeature, type BiFPNOptions } from './detection/bifpn.js';
export { EfficientDet, efficientDet, EFFICIENTDET_CONFIGS, type EfficientDetPreset } from './detection/efficientdet.js';
export * from './spinenet/index.js';
export { RetinaNet, retinaNet, fpn } from './detection/retinanet.js';
export * from './spaces/index.js';
export { modelPreset, MODEL_PRESETS, type Buildable } from './presets.js';
