/**
 * @tsglove/models — a network IR with shapes, parameter/FLOP counts and hardware op lists, and
 * builders of published model families. TensorFlow.js materialization lives in `@tsglove/models/tf`.
 */
export { ModelsError, ShapeError, UnknownPresetError } from './errors.js';
export * from './ir/index.js';
export { mbConv, type MBConvOptions } from './blocks/mbconv.js';
export * from './nas-bench-macro/index.js';
export * from './efficientnet/index.js';
export { ResNet, resNet, resNet50, resNetBody, bottleneck, RESNET_STAGES, type ResNetBody } from './resnet/model.js';
export { MobileNetV2, mobileNetV2, MOBILENET_V2_BLOCKS } from './mobilenet/model.js';
