/**
 * RetinaNet (Lin et al. 2017) as a symbolic config over a backbone: SpineNet / mobile SpineNet
 * (whose endpoints feed the heads directly) or ResNet (through an FPN). The class and box heads are
 * shared across levels with a BN per level, as in the TF Model Garden.
 */
import { symbolic, t, registerAlias } from '@tsglove/symbolic';
import { type Graph, GraphBuilder, type Tensor } from '../ir/graph.js';
import { ACTIVATIONS } from '../ir/layers.js';
import { ResNet, resNetBody } from '../resnet/model.js';
import { SpineNet, spineNetBody, checkResolution } from '../spinenet/spinenet.js';
import { MobileSpineNet, mobileSpineNetBody } from '../spinenet/mobile.js';
import { sharedHead } from './heads.js';

/**
 * A feature pyramid on ResNet stages 3–5 (Lin et al. 2017, Model Garden layout): 1×1 lateral convs,
 * top-down nearest upsampling + add, 3×3 output convs + BN; P6 a 3×3/2 conv on P5, P7 ReLU + 3×3/2.
 */
export function fpn(g: GraphBuilder, stages: readonly Tensor[], filters: number, maxLevel: number): Tensor[] {
  return g.scope('fpn', () => {
    const laterals = [3, 4, 5].map((l) => g.conv2d(stages[l]!, { filters, kernel: 1, name: `lateral_p${l}` }));
    for (let i = laterals.length - 2; i >= 0; i--)
      laterals[i] = g.add([laterals[i]!, g.upsample(laterals[i + 1]!, 2, `up_p${i + 4}`)], `merge_p${i + 3}`);
    const outs = laterals.map((x, i) =>
      g.batchNorm(g.conv2d(x, { filters, kernel: 3, name: `post_p${i + 3}` }), { name: `post_p${i + 3}_bn` }),
    );
    for (let l = 6; l <= maxLevel; l++) {
      let x = outs[outs.length - 1]!;
      if (l > 6) x = g.activation(x, 'relu', `relu_p${l}`);
      outs.push(g.batchNorm(g.conv2d(x, { filters, kernel: 3, stride: 2, name: `conv_p${l}` }), { name: `conv_p${l}_bn` }));
    }
    return outs;
  });
}

registerAlias('RetinaNet', 'tsglove.models.RetinaNet'); // its name before 0.2, still read by fromJSON
/** A RetinaNet configuration; `build()` gives outputs [class P3..P7, box P3..P7]. */
export class RetinaNet extends symbolic('tsglove.models.RetinaNet', {
  backbone: t.union([t.object(SpineNet), t.object(MobileSpineNet), t.object(ResNet)]),
  numClasses: t.int({ min: 1 }).default(91),
  numAnchors: t.int({ min: 1 }).default(9),
  headConvs: t.int({ min: 0 }).default(4),
  /** Head width; null = the backbone's endpoint width (256 for a ResNet FPN). */
  headFilters: t.int({ min: 1 }).nullable().default(null),
  separableHead: t.bool().default(false),
  activation: t.enum(ACTIVATIONS).default('relu'),
}) {
  build(): Graph {
    const b = this.backbone;
    const resolution = b.resolution;
    const g = new GraphBuilder([resolution, resolution, 3], 'retinanet');
    let feats: Tensor[];
    let width: number;
    if (b instanceof ResNet) {
      checkResolution(resolution, 7);
      const body = g.scope('backbone', () => resNetBody(g, g.input(), [...b.stages]));
      width = this.headFilters ?? 256;
      feats = fpn(g, body.endpoints, width, 7);
    } else {
      feats = g.scope('backbone', () => (b instanceof SpineNet ? spineNetBody(g, g.input(), b) : mobileSpineNetBody(g, g.input(), b)));
      width = this.headFilters ?? b.endpointFilters;
    }
    const head = {
      repeats: this.headConvs,
      filters: width,
      separable: this.separableHead,
      activation: this.activation,
      batchNorm: true,
      towerBias: true,
    };
    const cls = sharedHead(g, feats, 'class_net', { ...head, outputs: this.numAnchors * this.numClasses });
    const box = sharedHead(g, feats, 'box_net', { ...head, outputs: this.numAnchors * 4 });
    return g.build([...cls, ...box]);
  }
}

/**
 * RetinaNet over a backbone (a mobile SpineNet gets the Model Garden's separable head). The paper's
 * SpineNet-190 detector uses 7 head convs (`headConvs: 7`); the default is 4.
 */
export function retinaNet(options: {
  backbone: SpineNet | MobileSpineNet | ResNet;
  numClasses?: number;
  headFilters?: number;
  headConvs?: number;
}): RetinaNet {
  const separableHead = options.backbone instanceof MobileSpineNet;
  return new RetinaNet({ ...options, separableHead, activation: separableHead ? 'swish' : 'relu' });
}
