/**
 * Internals of @tsglove/hwsim that its tests check directly. They are not part of the package's
 * public surface (src/index.ts), so refactoring them is not a breaking change.
 */
export { foldGemm, emptyFoldCost, type FoldCost, type ArrayShape } from '../src/systolic.js';
export {
  traceGemmDram,
  simulateGemmDram,
  clearDramTraceMemo,
  type TraceArray,
  type TraceOperand,
  type DramCounts,
} from '../src/dram-trace.js';
export { traceOpDram } from '../src/dram-ops.js';
export { convLayout, matmulLayout, ifmapAddress, type IfmapLayout, type ConvGeometry } from '../src/operand-layout.js';
export { WindowedReadBuffer } from '../src/read-buffer.js';
export { DrainWriteBuffer } from '../src/write-buffer.js';
export { streamDemands, type DemandShape } from '../src/demand-order.js';
export { parseCsv, intCell, type CsvRow } from '../src/scalesim.js';
export { outSize } from '../src/validate-ops.js';
