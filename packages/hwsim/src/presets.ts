/**
 * Accelerator presets from published figures (README "Presets" gives sources and simplifications).
 * Each returns a fresh `SystolicArray`; `peakOpsPerSecond` of each matches the published peak.
 */
import { SystolicArray } from './classes.js';

/**
 * Google TPU v3 chip: 2 TensorCores × 2 MXUs of 128×128 bf16 MACs at 940 MHz (123 TFLOPS), a
 * vector unit per core (8 sublanes × 128 lanes), 900 GB/s HBM. Weight-stationary MXUs. The 32 MiB
 * vector memory of each core is split per MXU as 8 MiB ifmap, 4 MiB filter, 4 MiB ofmap (our
 * assumption: the split is not published).
 */
export function tpuV3(): SystolicArray {
  return new SystolicArray({
    rows: 128,
    cols: 128,
    dataflow: 'ws',
    ifmapSramKiB: 8192,
    filterSramKiB: 4096,
    ofmapSramKiB: 4096,
    dramGBps: 900,
    clockMHz: 940,
    bytesPerWord: 2,
    cores: 2,
    arraysPerCore: 2,
    vectorLanes: 1024,
  });
}

/**
 * NVIDIA V100 SXM2 as a tensor-core array equivalent: each of the 80 SMs has 8 tensor cores doing
 * 64 fp16 FMAs per cycle = 512 MACs, modelled as one 16×32 output-stationary array per SM, at
 * 1530 MHz (125 TFLOPS fp16); 900 GB/s HBM2; each SM's 128 KiB L1/shared memory split 48/48/32 KiB;
 * the 64 fp32 CUDA cores per SM are its vector unit. Simplification: no warp scheduling, no L2
 * (6 MiB), no register-file blocking — a roofline-level stand-in, not a GPU simulator.
 */
export function v100(): SystolicArray {
  return new SystolicArray({
    rows: 16,
    cols: 32,
    dataflow: 'os',
    ifmapSramKiB: 48,
    filterSramKiB: 48,
    ofmapSramKiB: 32,
    dramGBps: 900,
    clockMHz: 1530,
    bytesPerWord: 2,
    cores: 80,
    arraysPerCore: 1,
    vectorLanes: 64,
  });
}

/**
 * Google Edge TPU: a 64×64 int8 array at 480 MHz = 4096 MACs/cycle ≈ 3.93 TOPS (published: 4 TOPS
 * at 2 TOPS/W), 8 MiB of on-chip SRAM (Coral docs: "roughly 8 MB"), split 2/4/2 MiB. No separate
 * vector unit: depthwise convolutions map onto the array, which is why they are slow there
 * (EfficientNet-X). Off-chip bandwidth 8 GB/s is our assumption (LPDDR4X share on Pixel 4).
 */
export function edgeTpu(): SystolicArray {
  return new SystolicArray({
    rows: 64,
    cols: 64,
    dataflow: 'os',
    ifmapSramKiB: 2048,
    filterSramKiB: 4096,
    ofmapSramKiB: 2048,
    dramGBps: 8,
    clockMHz: 480,
    bytesPerWord: 1,
    cores: 1,
    arraysPerCore: 1,
    vectorLanes: 0,
    energy: { macPJ: 0.23 },
  });
}
