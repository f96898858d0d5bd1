/**
 * MobileNet (v1) as SCALE-Sim v2's `topologies/conv_nets/mobilenet.csv` lays it out: 27 layers,
 * valid padding (so 3×3 stride-1 layers shrink the map by 2), depthwise layers written as
 * one-filter convolutions. Used by the benchmark (HW1) and the tests.
 */
import type { Op } from './ops.js';

// name, ifmapH (= W), filter (square), channels, numFilters, stride; numFilters 0 marks depthwise.
const LAYERS: ReadonlyArray<readonly [string, number, number, number, number, number]> = [
  ['Conv1', 224, 3, 3, 32, 2],
  ['Conv2', 112, 3, 32, 0, 1],
  ['Conv3', 112, 1, 32, 64, 1],
  ['Conv4', 112, 3, 64, 0, 2],
  ['Conv5', 56, 1, 64, 128, 1],
  ['Conv6', 56, 3, 128, 0, 1],
  ['Conv7', 56, 1, 128, 128, 1],
  ['Conv8', 56, 3, 128, 0, 2],
  ['Conv9', 28, 1, 128, 256, 1],
  ['Conv10', 28, 3, 256, 0, 1],
  ['Conv11', 28, 1, 256, 256, 1],
  ['Conv12', 28, 3, 256, 0, 2],
  ['Conv13', 14, 1, 256, 512, 1],
  ['Conv14', 14, 3, 512, 0, 1],
  ['Conv15', 14, 1, 512, 512, 1],
  ['Conv16', 14, 3, 512, 0, 1],
  ['Conv17', 14, 1, 512, 512, 1],
  ['Conv18', 14, 3, 512, 0, 1],
  ['Conv19', 14, 1, 512, 512, 1],
  ['Conv20', 14, 3, 512, 0, 1],
  ['Conv21', 14, 1, 512, 512, 1],
  ['Conv22', 14, 3, 512, 0, 1],
  ['Conv23', 14, 1, 512, 512, 1],
  ['Conv24', 14, 3, 512, 0, 2],
  ['Conv25', 7, 1, 512, 1024, 1],
  ['Conv26', 7, 3, 1024, 0, 2],
  ['Conv27', 7, 1, 1024, 1024, 1],
];

/**
 * The op list of SCALE-Sim's MobileNet topology. Depthwise layers are `depthwise` ops (one filter
 * per channel); on an accelerator without a vector unit they cost exactly what SCALE-Sim reports
 * for its `num_filt = 1` rows.
 */
export function mobileNetOps(): Op[] {
  return LAYERS.map(
    ([name, size, k, channels, filters, stride]): Op =>
      filters === 0
        ? { kind: 'depthwise', name, ifmapH: size, ifmapW: size, filterH: k, filterW: k, channels, stride }
        : { kind: 'conv2d', name, ifmapH: size, ifmapW: size, filterH: k, filterW: k, channels, numFilters: filters, stride },
  );
}
