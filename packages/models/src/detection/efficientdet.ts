/**
 * EfficientDet (Tan, Pang & Le 2020) as a symbolic config: an EfficientNet backbone (levels 3–5),
 * extra levels 6–7 (1×1 conv + BN + max pool, then max pool), a BiFPN, and class/box heads of
 * separable convs shared across levels (BN per level). Counts follow the AutoML reference:
 * `efficientDet('d0')` has 3,880,067 trainable parameters with 90 classes.
 */
import { symbolic, t, registerAlias } from '@tsglove/symbolic';
import { ModelsError, UnknownPresetError } from '../errors.js';
import { type Graph, GraphBuilder, type Tensor } from '../ir/graph.js';
import { ACTIVATIONS } from '../ir/layers.js';
import { EfficientNet, efficientNetBody } from '../efficientnet/model.js';
import { efficientNet, type EfficientNetPreset } from '../efficientnet/presets.js';
import { bifpn, resampleFeature } from './bifpn.js';
import { sharedHead } from './heads.js';

registerAlias('EfficientDet', 'tsglove.models.EfficientDet'); // its name before 0.2, still read by fromJSON
/** An EfficientDet configuration; `build()` gives the IR graph with outputs [class P3..P7, box P3..P7]. */
export class EfficientDet extends symbolic('tsglove.models.EfficientDet', {
  name: t.str().default('efficientdet'),
  backbone: t.object(EfficientNet),
  resolution: t.int({ min: 32 }).default(512),
  fpnFilters: t.int({ min: 1 }).default(64),
  fpnRepeats: t.int({ min: 1 }).default(3),
  headRepeats: t.int({ min: 1 }).default(3),
  numClasses: t.int({ min: 1 }).default(90),
  numAnchors: t.int({ min: 1 }).default(9),
  minLevel: t.int({ min: 3, max: 3 }).default(3),
  maxLevel: t.int({ min: 5, max: 8 }).default(7),
  fusion: t.enum(['fast', 'softmax'] as const).default('fast'),
  separable: t.bool().default(true),
  activation: t.enum(ACTIVATIONS).default('swish'),
}) {
  build(): Graph {
    return buildEfficientDet(this);
  }
}

function buildEfficientDet(d: EfficientDet): Graph {
  const stride = 2 ** d.maxLevel;
  if (d.resolution % stride !== 0) {
    throw new ModelsError(`${d.resolution} is not divisible by 2^maxLevel = ${stride} (levels ${d.minLevel}..${d.maxLevel})`, 'resolution');
  }
  const spec = { ...d.backbone.spec, resolution: d.resolution, includeTop: false };
  const g = new GraphBuilder([d.resolution, d.resolution, 3], d.name);
  const body = g.scope('backbone', () => efficientNetBody(g, g.input(), spec));
  const bn = { bnEpsilon: spec.bnEpsilon, bnMomentum: spec.bnMomentum };
  const feats: Tensor[] = [];
  for (let lv = d.minLevel; lv <= Math.min(5, d.maxLevel); lv++) {
    const f = body.endpoints[lv];
    if (!f) throw new ModelsError(`has no feature at level ${lv}`, 'backbone');
    feats.push(f);
  }
  for (let lv = 6; lv <= d.maxLevel; lv++) {
    feats.push(resampleFeature(g, feats[feats.length - 1]!, lv - 1, lv, d.fpnFilters, bn, `resample_p${lv}`));
  }
  const pyramid = g.scope('bifpn', () =>
    bifpn(g, feats, {
      filters: d.fpnFilters,
      repeats: d.fpnRepeats,
      minLevel: d.minLevel,
      maxLevel: d.maxLevel,
      activation: d.activation,
      fusion: d.fusion,
      separable: d.separable,
      ...bn,
    }),
  );
  const head = {
    repeats: d.headRepeats,
    filters: d.fpnFilters,
    separable: d.separable,
    activation: d.activation,
    batchNorm: true,
    towerBias: true,
    ...bn,
  };
  const cls = sharedHead(g, pyramid, 'class_net', { ...head, outputs: d.numAnchors * d.numClasses });
  const box = sharedHead(g, pyramid, 'box_net', { ...head, outputs: d.numAnchors * 4 });
  return g.build([...cls, ...box]);
}

/** EfficientDet presets: backbone, image size, BiFPN width, BiFPN depth, head depth. */
export const EFFICIENTDET_CONFIGS = {
  d0: { backbone: 'b0', resolution: 512, fpnFilters: 64, fpnRepeats: 3, headRepeats: 3 },
  d1: { backbone: 'b1', resolution: 640, fpnFilters: 88, fpnRepeats: 4, headRepeats: 3 },
  d2: { backbone: 'b2', resolution: 768, fpnFilters: 112, fpnRepeats: 5, headRepeats: 3 },
  d3: { backbone: 'b3', resolution: 896, fpnFilters: 160, fpnRepeats: 6, headRepeats: 4 },
  d4: { backbone: 'b4', resolution: 1024, fpnFilters: 224, fpnRepeats: 7, headRepeats: 4 },
  d5: { backbone: 'b5', resolution: 1280, fpnFilters: 288, fpnRepeats: 7, headRepeats: 4 },
  d6: { backbone: 'b6', resolution: 1280, fpnFilters: 384, fpnRepeats: 8, headRepeats: 5 },
  d7: { backbone: 'b6', resolution: 1536, fpnFilters: 384, fpnRepeats: 8, headRepeats: 5 },
} as const satisfies Record<
  string,
  { backbone: EfficientNetPreset; resolution: number; fpnFilters: number; fpnRepeats: number; headRepeats: number }
>;

/** EfficientDet preset names. */
export type EfficientDetPreset = keyof typeof EFFICIENTDET_CONFIGS;

/** EfficientDet-D0..D7 (90 classes, 9 anchors by default). */
export function efficientDet(preset: EfficientDetPreset, options: { numClasses?: number; resolution?: number } = {}): EfficientDet {
  if (!Object.hasOwn(EFFICIENTDET_CONFIGS, preset))
    throw new UnknownPresetError(String(preset), Object.keys(EFFICIENTDET_CONFIGS), 'preset');
  const { backbone, ...c } = EFFICIENTDET_CONFIGS[preset];
  return new EfficientDet({ name: `efficientdet-${preset}`, backbone: efficientNet(backbone, { includeTop: false }), ...c, ...options });
}
