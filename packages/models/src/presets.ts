/**
 * Every published preset by name, e.g. for a command line: `modelPreset('efficientnet-b0')`,
 * `modelPreset('retinanet-spinenet-49')`, `modelPreset('nas-bench-macro-01201120')`.
 */
import { UnknownPresetError } from './errors.js';
import type { Graph } from './ir/graph.js';
import {
  efficientNet,
  efficientNetLite,
  efficientNetX,
  EFFICIENTNET_LITE_SCALING,
  EFFICIENTNET_SCALING,
  type EfficientNetLitePreset,
  type EfficientNetPreset,
} from './efficientnet/presets.js';
import { mobileNetV2 } from './mobilenet/model.js';
import { resNet } from './resnet/model.js';
import { efficientDet, EFFICIENTDET_CONFIGS, type EfficientDetPreset } from './detection/efficientdet.js';
import { retinaNet } from './detection/retinanet.js';
import { spineNet, SPINENET_SCALING, type SpineNetPreset } from './spinenet/spinenet.js';
import { mobileSpineNet, MOBILE_SPINENET_SCALING, type MobileSpineNetPreset } from './spinenet/mobile.js';
import { nasBenchMacro } from './nas-bench-macro/model.js';

/** Something with `build()`: every preset is a symbolic config. */
export interface Buildable {
  build(): Graph;
}

const lower = (s: string): string => s.toLowerCase();

const TABLE: Record<string, () => Buildable> = {
  mobilenetv2: () => mobileNetV2(),
  resnet50: () => resNet(50),
  resnet101: () => resNet(101),
  resnet152: () => resNet(152),
};
for (const b of Object.keys(EFFICIENTNET_SCALING) as EfficientNetPreset[]) {
  TABLE[`efficientnet-${b}`] = () => efficientNet(b);
  TABLE[`efficientnet-x-${b}`] = () => efficientNetX(b);
  TABLE[`efficientnet-x-tpu-${b}`] = () => efficientNetX(b, { scaling: 'tpu' });
}
for (const l of Object.keys(EFFICIENTNET_LITE_SCALING) as EfficientNetLitePreset[]) TABLE[`efficientnet-${l}`] = () => efficientNetLite(l);
for (const d of Object.keys(EFFICIENTDET_CONFIGS) as EfficientDetPreset[]) TABLE[`efficientdet-${d}`] = () => efficientDet(d);
for (const s of Object.keys(SPINENET_SCALING) as SpineNetPreset[]) {
  TABLE[`spinenet-${lower(s)}`] = () => spineNet(s);
  TABLE[`retinanet-spinenet-${lower(s)}`] = () => retinaNet({ backbone: spineNet(s), headConvs: s === '190' ? 7 : 4 });
}
for (const s of Object.keys(MOBILE_SPINENET_SCALING) as MobileSpineNetPreset[]) {
  TABLE[`mobile-spinenet-${lower(s)}`] = () => mobileSpineNet(s);
  TABLE[`retinanet-mobile-spinenet-${lower(s)}`] = () => retinaNet({ backbone: mobileSpineNet(s) });
}

/** The preset names {@link modelPreset} knows (plus `nas-bench-macro-<8 digits over 0,1,2>`). */
export const MODEL_PRESETS: readonly string[] = Object.keys(TABLE).sort();

/** The model config of a preset name (case-insensitive). */
export function modelPreset(name: string): Buildable {
  const key = lower(String(name));
  const m = /^nas-bench-macro-(.*)$/.exec(key);
  if (m) return nasBenchMacro(m[1]!);
  const make = TABLE[key];
  if (!make) throw new UnknownPresetError(String(name), [...MODEL_PRESETS, 'nas-bench-macro-<key>'], 'name');
  return make();
}
