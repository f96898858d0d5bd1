/**
 * @tsglove/symbolic — symbolic objects (typed, mutable, validated trees) and the search-space layer
 * (hyper values, DNA) built on them.
 */
// The `sym*` methods of symbolic objects delegate to the tree operations, which import the object
// model, so methods.ts adds them to the prototype when it loads (as does `./io`'s entry point).
import './methods.js';

// Errors
export { SymbolicError, ValidationError, PathError, JSONError, SealedError, formatIssues, type Issue } from './errors.js';

// Value specs
export { t } from './t.js';
export { TupleSpec, NumberSpec, TypeSpec, FunctorSpec, type TupleOf, type FunctorValue } from './extra-specs.js';
export {
  BoolSpec,
  IntSpec,
  FloatSpec,
  StrSpec,
  EnumSpec,
  ListSpec,
  DictSpec,
  RecordSpec,
  ObjectSpec,
  UnionSpec,
  AnySpecImpl,
  CallableSpec,
  type Fields,
  type FieldsInput,
  type FieldsOutput,
  type EnumValue,
  type KeyPattern,
} from './core-specs.js';
export { ValueSpec, MISSING, type Missing, type Infer, type InferInput, type AnySpec, type Hyper } from './value-spec.js';
export { fieldsTester, type FieldsTesterOptions } from './fields-tester.js';

// Symbolic objects and containers
export {
  symbolic,
  SymObject,
  isSymObject,
  missingValues,
  SCHEMA,
  type Schema,
  type SymbolicClass,
  type SymbolicInstance,
  type ConstructOptions,
} from './object.js';
export { functor, type FunctorClass, type FunctorInstance } from './functor.js';
export {
  symbolize,
  compound,
  type SymbolizeOptions,
  type SymbolizedClass,
  type SymbolizedFunction,
  type SymbolizedFactory,
  type CompoundClass,
  type CompoundInstance,
  type CompoundOptions,
  type LooseFields,
} from './symbolize.js';
export { inferParameters, type ParamInfo } from './params.js';
export { Dict } from './dict.js';
export { List } from './list.js';
export { registerClass, registerAlias, lookupClass, registeredNames } from './registry.js';
export { isNode, pathOf as symPath, rootOf as symRoot, type SymbolicNode } from './node.js';
export { parsePath, formatPath, joinPath, type Key } from './path.js';

// Tree operations
export { rebind, seal, isSealed, REMOVE, type Rewriter } from './rebind.js';
export type { FieldUpdate } from './mutate.js';
export { clone, type CloneOptions } from './clone.js';
export { eq, ne, hash } from './eq.js';
export { diff, applyEdits, type Edit } from './diff.js';
export {
  patch,
  registerPatcher,
  registeredPatchers,
  parsePatchURI,
  patchOnKey,
  patchOnPath,
  patchOnValue,
  patchOnType,
  type PatcherFn,
  type PatcherOptions,
  type PatchResult,
  type PatchStep,
  type Replacement,
} from './patching.js';
export { detour, type DetourMapping } from './detour.js';
export { ObjectFactory, type ObjectFactoryOptions } from './object-factory.js';
export { query, traverse, type QueryOptions, type TraverseOptions, type Visitor, type VisitResult } from './traverse.js';
export { symGet, symAncestor, symDescendants, contains, type Where, type DescendantOptions } from './access.js';
export { compare, lt, gt } from './compare.js';
export { nonDefaultValues } from './non-default.js';
export { Ref, ref, deref } from './ref.js';
export type {
  PathEntries,
  PathEntry,
  PathOf,
  PathDepth,
  InputAt,
  OutputAt,
  ValueAt,
  CheckedPath,
  CheckedUpdates,
  UnknownPath,
  NormalizePath,
  InputOf,
} from './typed-paths.js';
export { format, type FormatOptions } from './format.js';
export { toJSON, fromJSON, toJSONString, fromJSONString, TYPE_KEY, type JSONValue, type FromJSONOptions } from './json.js';
export { OpaqueObject, opaqueTypeName } from './opaque.js';
export {
  toJSONSchema,
  JSON_SCHEMA_DIALECT,
  HYPER_KEYWORD,
  type JSONSchema,
  type ToJSONSchemaOptions,
} from './json-schema.js';
export { fromJSONSchema, type FromJSONSchemaOptions } from './json-schema-read.js';

import { PARENT, type SymbolicNode } from './node.js';
/** The parent of a symbolic node (null for a root). */
export function symParent(node: SymbolicNode): SymbolicNode | null {
  return node[PARENT];
}

// Hyper values: search spaces
export { oneOf, OneOf } from './hyper/one-of.js';
export { manyOf, permutate, ManyOf, type ManyOfOptions } from './hyper/many-of.js';
export { floatValue, FloatValue, type FloatScale } from './hyper/float-value.js';
export { CustomHyper, Evolvable, custom, evolve, type CustomDNAValue } from './hyper/custom.js';
export type { HyperOptions } from './hyper/base.js';
export { isHyper } from './value-spec.js';

// DNA and DNASpec: the genotype
export { DNA, type DNAValue, type DNAJSON, type ToDictOptions } from './dna/dna.js';
export { dnaToPyGlove, dnaFromPyGlove, PYGLOVE_DNA_TYPE, type PyGloveDNAJSON } from './dna/pyglove-json.js';
export type { PyGlovePoint } from './dna/pyglove-ids.js';
export { DNASpec, DecisionPoint, Choice, FloatPoint, CustomPoint, type DecisionKind } from './dna/dna-spec.js';
export { dnaSpec } from './dna/build.js';
export { encode } from './dna/encode.js';
export type { FromDictOptions } from './dna/from-dict.js';
export { materialize, iterate, randomDNA, randomSample, type Concrete } from './dna/materialize.js';
export { seededRandom, makeRandom, type Random, type Seed } from './random.js';
export { DynamicEvaluationContext, trace } from './dna/dynamic.js';
export {
  withHandler as withDynamicHandler,
  type DynamicHandler,
  type DynamicRequest,
} from './hyper/dynamic-hook.js';
