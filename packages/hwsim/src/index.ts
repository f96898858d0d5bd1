export type {
  Padding,
  Conv2dOp,
  DepthwiseConv2dOp,
  MatmulOp,
  PoolOp,
  ElementwiseOp,
  Op,
  OpKind,
} from './ops.js';
