/**
 * Names renamed for the project's conventions (option bags are `*Options`; a name exported by two
 * packages means one thing) keep working as deprecated aliases of the new names.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as methods from '@tsglove/methods';
import type * as models from '@tsglove/models';
import * as nas from '@tsglove/nas';
import type * as train from '@tsglove/train';

describe('deprecated aliases', () => {
  it('methods: *Args option bags are the *Options types', () => {
    expectTypeOf<methods.PgdArgs>().toEqualTypeOf<methods.PgdOptions>();
    expectTypeOf<methods.AdversarialTrainArgs>().toEqualTypeOf<methods.AdversarialTrainOptions>();
    expectTypeOf<methods.RobustAccuracyArgs>().toEqualTypeOf<methods.RobustAccuracyOptions>();
    expectTypeOf<methods.NystromArgs>().toEqualTypeOf<methods.NystromOptions>();
    expectTypeOf<methods.LrScalingArgs>().toEqualTypeOf<methods.LrScalingOptions>();
    expectTypeOf<methods.ShardedBatchNormArgs>().toEqualTypeOf<methods.ShardedBatchNormOptions>();
    expectTypeOf<methods.DetectorArgs>().toEqualTypeOf<methods.DetectorOptions>();
    expectTypeOf<methods.ConvNetArgs>().toEqualTypeOf<methods.ConvNetOptions>();
    expectTypeOf<methods.SequenceTransformerArgs>().toEqualTypeOf<methods.SequenceTransformerOptions>();
  });

  it('models: the GraphBuilder *Args are the *Options types', () => {
    expectTypeOf<models.Conv2dArgs>().toEqualTypeOf<models.Conv2dOptions>();
    expectTypeOf<models.DepthwiseArgs>().toEqualTypeOf<models.DepthwiseOptions>();
    expectTypeOf<models.BatchNormArgs>().toEqualTypeOf<models.BatchNormOptions>();
    expectTypeOf<models.PoolArgs>().toEqualTypeOf<models.PoolOptions>();
  });

  it('nas: evolution / EvolutionOptions are nasEvolution / NasEvolutionOptions', () => {
    expect(nas.evolution).toBe(nas.nasEvolution);
    expect(nas.nasEvolution({ trials: 1 }).name).toBe('evolution');
    expectTypeOf<nas.EvolutionOptions>().toEqualTypeOf<nas.NasEvolutionOptions>();
  });

  it('train: TrialResult is PoolTrialResult', () => {
    expectTypeOf<train.TrialResult>().toEqualTypeOf<train.PoolTrialResult>();
  });
});
