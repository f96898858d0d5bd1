/**
 * @tsglove/search — search algorithms over DNA (random, grid, evolution, hill climbing, NSGA-II,
 * TPE, CMA-ES, REINFORCE, PPO), evolution operators, early stopping, objectives, studies and the `sample()`
 * tuning loop.
 */

// Errors
export { SearchError, RewardError, SearchExhaustedError, TrialError, StaleTrialError, MaterializeError, StorageError } from './errors.js';

// The generator contract
export {
  GeneratorBase,
  checkReward,
  scalarReward,
  type DNAGenerator,
  type Reward,
  type Seed,
  type HistoryEntry,
  type SetupOptions,
  type RecoverOptions,
} from './generator.js';
/** The project's one seeded random source (defined in `@tsglove/symbolic`, re-exported here). */
export { seededRandom } from '@tsglove/symbolic';
export { sites, replaceAt, type Site } from './dna-walk.js';

// Algorithms
export { random, RandomSearch, type RandomOptions } from './algorithms/random.js';
export { grid, GridSearch } from './algorithms/grid.js';
export { deduping, Deduping, type DedupingOptions } from './generators/deduping.js';
export { dnaGenerator, FunctionGenerator, type DNAFunction } from './generators/function.js';
export { iterate, type IterateOptions } from './generators/iterate.js';
export { evolution, Evolution, EvolutionConfig, type EvolutionOptions } from './algorithms/evolution.js';
export { LINEAGE_KEYS, lineageOf, restoreLineage, algorithmConfig } from './lineage.js';
export { neat, Speciate, ScaledAverageFitness, compatibilityDistance, type NeatOptions } from './algorithms/neat.js';
export {
  generationalNSGA2,
  NonDominatedSort,
  CrowdingDistanceSort,
  NextElite,
  type GenerationalNSGA2Options,
} from './algorithms/nsga2-generational.js';
export { regularizedEvolution, type RegularizedEvolutionOptions } from './algorithms/regularized-evolution.js';
export { hillClimb, type HillClimbOptions } from './algorithms/hill-climb.js';
export { nsga2, NSGA2, type NSGA2Options } from './algorithms/nsga2.js';
export { tpe, TPE, type TPEOptions } from './algorithms/tpe.js';
export { cmaES, CmaEs, type CmaEsOptions } from './algorithms/cma-es.js';
export { reinforce, Reinforce, type ReinforceOptions } from './rl/reinforce.js';
export { ppo, PPO, type PPOOptions } from './rl/ppo.js';
export { Policy, type PolicyOptions } from './rl/policy.js';

// Evolution operators
export {
  Operator,
  Identity,
  Lambda,
  Pipeline,
  Concatenation,
  Union,
  Intersection,
  Difference,
  SymmetricDifference,
  Inversion,
  Repeat,
  Power,
  Slice,
  Choice as ChoiceOperator,
  Conditional,
  Condition,
  SizeAtLeast,
  ElementWise,
  Flatten,
  UntilChange,
  toOperator,
  pipeline,
  concatenation,
  repeat,
  union,
  withProbability,
  choice,
  conditional,
  identity,
  type OperatorContext,
  type OperatorFn,
  type OperatorLike,
  type GlobalState,
  type Predicate,
} from './evolution/operator.js';
export { GlobalStateGetter, GlobalStateSetter, globalState, setGlobalState } from './evolution/global-state.js';
export {
  Top,
  Bottom,
  First,
  Last,
  RandomSelect,
  Sample,
  Proportional,
  WeightFunction,
  FitnessWeights,
  fitnessWeights,
  top,
  bottom,
  first,
  last,
  randomSelect,
  sampleSelect,
  tournament,
  proportional,
  allocate,
  numOutputs,
  compareKeys,
  type Count,
  type Key,
  type Weights,
} from './evolution/selectors.js';
export {
  Mutator,
  UniformMutator,
  SwapMutator,
  uniformMutator,
  swapMutator,
  mutateSite,
  mutationWeight,
  type Where,
} from './evolution/mutators.js';
export {
  Recombinator,
  UniformCrossover,
  OrderCrossover,
  PartiallyMappedCrossover,
  uniformCrossover,
  orderCrossover,
  partiallyMappedCrossover,
  CycleCrossover,
  cycleCrossover,
} from './evolution/recombinators.js';
export {
  SampleCrossover,
  AverageCrossover,
  WeightedAverageCrossover,
  sampleCrossover,
  averageCrossover,
  weightedAverageCrossover,
} from './evolution/point-wise.js';
export { KPointCrossover, SegmentedCrossover, kPointCrossover, segmentedCrossover, type Position } from './evolution/segment-wise.js';
export * as scalars from './evolution/scalars-api.js';
export { Scalar, scalarValue, type ScalarLike } from './evolution/scalars.js';
export { rewardOf, fitnessOf, withReward } from './evolution/fitness.js';

// Early stopping
export { EarlyStoppingPolicy, and, or, not, type TrialProgress } from './early-stopping/policy.js';
export { medianStopping, type MedianStoppingOptions } from './early-stopping/median.js';
export { successiveHalving, type SuccessiveHalvingOptions } from './early-stopping/successive-halving.js';
export { stopByValue, stopByRank, type ValueGate, type RankGate } from './early-stopping/schedules.js';

// Objectives
export {
  mnasnetReward,
  tunasReward,
  paretoFront,
  dominates,
  nonDominatedSort,
  crowdingDistance,
  type MnasNetRewardOptions,
  type TunasRewardOptions,
} from './objectives.js';

// Studies and the loop
export { sample, type Evaluate, type ErrorSelector, type RunOptions, type SampleOptions, type Sampling } from './sample.js';
export { Study, type BestTrial, type StudyOptions, type TrialEvent } from './study.js';
export { paramsOf, trialParams, paramKeys, type ParamValue, type TrialParams } from './params.js';
export { nearestName, checkOptionNames } from './options.js';
export { Feedback, type TrialOwner, type TrialResult, type MeasurementInput, type SkippedErrors } from './feedback.js';
export { pollResult, type StudyResult } from './result.js';
export { MemoryStorage, memoryStorage } from './storage/memory.js';
export type { StudyStorage, StudyRecord, TrialRecord, TrialStatus, TrialUpdate, Measurement } from './storage/storage.js';
export {
  readStudyRecords,
  storedStudy,
  storedTrial,
  RECORD_FORMAT_VERSION,
  STUDY_METADATA,
  TRIAL_METADATA,
  type StoredStudy,
  type StoredTrial,
  type StudyMetadata,
  type TrialMetadata,
} from './storage/records.js';

// Durable storages (SQLite, PostgreSQL) shared by workers, and storage URLs
export { openStorage, type OpenStorageOptions } from './storage/open.js';
export { copyStudy } from './storage/copy-study.js';
export { openSqlite, SqliteStorage, type SqliteOptions } from './storage/sqlite.js';
export { openPostgres, PostgresStorage, redactUrl, type PostgresOptions } from './storage/postgres.js';
export type { RetryOptions } from './storage/retry.js';
export {
  isSharedStorage,
  type SharedStudyStorage,
  type AcquireOptions,
  type AcquiredTrial,
  type ProposeContext,
  type StudySummary,
  type HeartbeatOptions,
} from './storage/shared-store.js';
