/**
 * The inverted-residual block family on the IR: MobileNetV2's block, EfficientNet's MBConv (with
 * squeeze-and-excite and drop-connect) and EfficientNet-X's fused MBConv.
 */
import type { GraphBuilder, Tensor } from '../ir/graph.js';
import type { ActivationFn } from '../ir/layers.js';

/** Options of {@link mbConv}. */
export interface MBConvOptions {
  /** Output channels. */
  filters: number;
  kernel: number;
  stride: number;
  /** Expansion ratio (1 = no expansion conv). */
  expandRatio: number;
  /** Squeeze-and-excite ratio (0 or undefined = none). */
  seRatio?: number;
  /**
   * Channels the SE ratio applies to: `'input'` (EfficientNet: `max(1, int(in·ratio))`) or
   * `'expanded'` (MobileNetV3 style); default `'input'`.
   */
  seBase?: 'input' | 'expanded';
  /** Activation after the expansion and depthwise convs (and inside SE). */
  activation: ActivationFn;
  /** Gate of the SE block, default sigmoid. */
  seGate?: ActivationFn;
  /** Activation inside the SE block, default `activation`. */
  seActivation?: ActivationFn;
  /** Fused MBConv: one k×k conv replaces the 1×1 expansion and the depthwise conv. */
  fused?: boolean;
  /** Add a residual when input and output shapes agree (default true). */
  idSkip?: boolean;
  /** Drop-connect rate on the residual branch (0 = none). */
  dropRate?: number;
  /** Expanded width (default `round(inputChannels · expandRatio)`). */
  expandedFilters?: number;
  /** Squeezed width of the SE block; overrides `seRatio`/`seBase` (0 = no SE). */
  seFilters?: number;
  bnEpsilon?: number;
  bnMomentum?: number;
}

function bn(g: GraphBuilder, o: MBConvOptions, t: Tensor, name: string): Tensor {
  return g.batchNorm(t, { name, epsilon: o.bnEpsilon, momentum: o.bnMomentum });
}

/**
 * Adds one inverted-residual block to `g`; layer names go under the current scope.
 * Layout: [expand 1×1 + BN + act] → depthwise k×k/s + BN + act → [SE] → project 1×1 + BN →
 * [drop-connect + add]. Fused (EfficientNet-X): k×k/s expansion conv + BN + act → [SE] →
 * project 1×1 + BN → [add]. The residual is added when the stride is 1 and the input and output
 * channels agree.
 */
export function mbConv(g: GraphBuilder, x: Tensor, o: MBConvOptions): Tensor {
  const inC = x.shape[2]!;
  const expanded = o.expandedFilters ?? (o.expandRatio === 1 ? inC : Math.round(inC * o.expandRatio));
  const input = x;
  let h = x;
  if (o.fused) {
    h = g.conv2d(h, { filters: expanded, kernel: o.kernel, stride: o.stride, useBias: false, name: 'fused_conv' });
    h = g.activation(bn(g, o, h, 'fused_bn'), o.activation, 'fused_activation');
  } else {
    if (o.expandRatio !== 1) {
      h = g.conv2d(h, { filters: expanded, kernel: 1, useBias: false, name: 'expand_conv' });
      h = g.activation(bn(g, o, h, 'expand_bn'), o.activation, 'expand_activation');
    }
    h = g.depthwiseConv2d(h, { kernel: o.kernel, stride: o.stride, name: 'dwconv' });
    h = g.activation(bn(g, o, h, 'bn'), o.activation, 'activation');
  }
  const seBase = (o.seBase ?? 'input') === 'input' ? inC : expanded;
  const squeezed = o.seFilters ?? (o.seRatio && o.seRatio > 0 ? Math.max(1, Math.floor(seBase * o.seRatio)) : 0);
  if (squeezed > 0) {
    let s = g.globalPool(h, { keepDims: true, name: 'se_squeeze' });
    s = g.activation(
      g.conv2d(s, { filters: squeezed, kernel: 1, name: 'se_reduce' }),
      o.seActivation ?? o.activation,
      'se_reduce_activation',
    );
    s = g.activation(g.conv2d(s, { filters: expanded, kernel: 1, name: 'se_expand' }), o.seGate ?? 'sigmoid', 'se_gate');
    h = g.multiply(h, s, 'se_excite');
  }
  h = g.conv2d(h, { filters: o.filters, kernel: 1, useBias: false, name: 'project_conv' });
  h = bn(g, o, h, 'project_bn');
  if ((o.idSkip ?? true) && o.stride === 1 && inC === o.filters && input.shape[0] === h.shape[0] && input.shape[1] === h.shape[1]) {
    if (o.dropRate && o.dropRate > 0) h = g.dropConnect(h, o.dropRate, 'drop');
    h = g.add([h, input], 'add');
  }
  return h;
}
