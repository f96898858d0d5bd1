/**
 * The stored study and trial records, typed and versioned: what `Study` and the CLI keep in a
 * study's and a trial's `metadata`, written once as symbolic schemas whose TypeScript types are
 * inferred (`Infer`). Every reader — `Study` on resume, warm start, the CLI's `study show` and
 * `study export`, the dashboard — goes through {@link storedStudy} / {@link storedTrial} (or
 * {@link readStudyRecords}), which migrate an older format and check the fields against the schema.
 *
 * Format versions (the study's `metadata.formatVersion`; its trials are read under it):
 * - 0: before the format had a version (no `formatVersion`); the same fields as version 1.
 * - 1: `formatVersion` is written. `objectives` and `decisions` are lists of strings.
 * A study written by a newer format is refused with the version numbers. Keys the schemas do not
 * name are the user's (`Study.create({ metadata })`, `study.enqueue(point, metadata)`) and are kept
 * as they are.
 */
import { formatIssues, t, ValidationError, type Infer, type List, type ValueSpec } from '@tsglove/symbolic';
import { StorageError } from '../errors.js';
import type { ParamValue } from '../params.js';
import type { StudyRecord, StudyStorage, TrialRecord } from './storage.js';

/** The format version this code writes (and the newest it reads). */
export const RECORD_FORMAT_VERSION = 1;

/**
 * An optional JSON object whose values the writer owns: checked to be an object (not a list), its
 * values are not walked (so reading stays cheap on large studies).
 */
function jsonObject<V>(): ValueSpec<Record<string, V> | undefined, Record<string, V> | undefined, true> {
  return t
    .object(Object)
    .refine((v) => !Array.isArray(v), 'expected an object, got a list')
    .optional() as unknown as ValueSpec<Record<string, V> | undefined, Record<string, V> | undefined, true>;
}

const anyKey: [RegExp, ValueSpec] = [/^/, t.any()];
const reward = t.union([t.number(), t.list(t.number())]);

/** A study's metadata (see the module comment). */
export const STUDY_METADATA = t.dict(
  {
    /** The format version (absent: 0). */
    formatVersion: t.int({ min: 1 }).optional(),
    /** The space's decision names (ids where unnamed), in decision order: the columns of tables. */
    decisions: t.list(t.str()).optional(),
    /** The space's genotype key (`spaceKey`): a resume with another space is refused. */
    spaceKey: t.str().optional(),
    /** The algorithm's symbolic configuration (`algorithmConfig`): a resume with another is refused. */
    algorithmConfig: jsonObject<unknown>(),
    /** Completed trials of the study this one was warm-started from, replayed first on every resume. */
    warmStart: t.list(t.dict({ dna: t.any(), reward })).optional(),
    /** Names of a tuple reward's entries (`tsglove search`: the space module's `objectives`). */
    objectives: t.list(t.str()).optional(),
    /** The space module a CLI study searches (`tsglove search`). */
    module: t.str().optional(),
    /** The accelerator preset the dashboard costs trials on (`tpuv3`, `v100`, `edgetpu`). */
    accelerator: t.str().optional(),
  },
  { patterns: [anyKey] },
);

/** A trial's metadata (see the module comment). */
export const TRIAL_METADATA = t.dict(
  {
    /** The algorithm's proposal number (absent for enqueued trials): trial id − 1 after warm-start entries. */
    proposal: t.int({ min: 0 }).optional(),
    /** The decisions by name with their chosen values (see `params.ts`). */
    params: jsonObject<ParamValue>(),
    /** The evolution lineage of the proposal (`lineage.ts`). */
    lineage: jsonObject<unknown>(),
    /** Stored by `study.enqueue`. */
    enqueued: t.bool().optional(),
    /** Stopped early by the trial's pruning (`feedback.prune`). */
    pruned: t.bool().optional(),
    /** User metadata (`feedback.setMetadata`). */
    user: jsonObject<unknown>(),
    /** Named links (`feedback.addLink`). */
    links: jsonObject<string>(),
  },
  { patterns: [anyKey] },
);

/** A schema's validated type with plain arrays (the records are plain JSON, not symbolic lists). */
type Plain<T> =
  T extends List<infer E> ? readonly Plain<E>[] : T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;

/** A study's metadata, typed (user keys stay as `unknown`). */
export type StudyMetadata = Partial<Plain<Infer<typeof STUDY_METADATA>>> & Record<string, unknown>;
/** A trial's metadata, typed (user keys stay as `unknown`). */
export type TrialMetadata = Partial<Plain<Infer<typeof TRIAL_METADATA>>> & Record<string, unknown>;

/** A study record read through {@link storedStudy}. */
export type StoredStudy = Omit<StudyRecord, 'metadata'> & { metadata: StudyMetadata & { formatVersion: number } };
/** A trial record read through {@link storedTrial}. */
export type StoredTrial = Omit<TrialRecord, 'metadata'> & { metadata: TrialMetadata };

/** One step of the format: brings metadata of version `to − 1` to version `to`. */
interface Migration {
  to: number;
  study(metadata: Record<string, unknown>): Record<string, unknown>;
  trial(metadata: Record<string, unknown>): Record<string, unknown>;
}

/** Migrations in order (a later version appends a step). */
const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    // Version 0 had the same fields; the CLI stored `objectives` from the space module as given.
    study: (m) => ({ ...m, ...(typeof m.objectives === 'string' && { objectives: [m.objectives] }), formatVersion: 1 }),
    trial: (m) => m,
  },
];

/** The format version of a study's metadata (0 when absent), checked to be one this code reads. */
function versionOf(where: string, metadata: Record<string, unknown>): number {
  const version = metadata.formatVersion ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new StorageError(`${where}: metadata.formatVersion ${JSON.stringify(version)} is not a format version`, 'metadata.formatVersion');
  }
  if (version > RECORD_FORMAT_VERSION) {
    throw new StorageError(
      `${where}: stored in record format ${version} by a newer tsglove; this one reads up to format ${RECORD_FORMAT_VERSION} (upgrade tsglove to read it)`,
      'metadata.formatVersion',
    );
  }
  return version;
}

/** Checks metadata against a schema; a problem is a {@link StorageError} naming the record and field. */
function check(where: string, spec: ValueSpec, metadata: Record<string, unknown>, fields: readonly string[]): void {
  for (const key of fields) {
    const value = metadata[key];
    if (value === undefined) continue;
    try {
      (spec as unknown as { fields: Record<string, ValueSpec> }).fields[key]!.parse(value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const issues = error.issues.map((i) => ({
        ...i,
        path: i.path ? `metadata.${key}${i.path.startsWith('[') ? '' : '.'}${i.path}` : `metadata.${key}`,
      }));
      throw new StorageError(`${where}: ${formatIssues(issues)}`, issues[0]!.path);
    }
  }
}

const STUDY_FIELDS = Object.keys(STUDY_METADATA.fields);
const TRIAL_FIELDS = Object.keys(TRIAL_METADATA.fields);

/** A study record in the current format: migrated from an older one and checked (see the module comment). */
export function storedStudy(record: StudyRecord): StoredStudy {
  const where = `study ${JSON.stringify(record.name)}`;
  let metadata = record.metadata ?? {};
  const version = versionOf(where, metadata);
  for (const m of MIGRATIONS) if (m.to > version) metadata = m.study(metadata);
  check(where, STUDY_METADATA, metadata, STUDY_FIELDS);
  return { ...record, metadata: metadata as StoredStudy['metadata'] };
}

/** A trial record of a study stored in format `version` (see {@link storedStudy}), migrated and checked. */
export function storedTrial(record: TrialRecord, version: number = RECORD_FORMAT_VERSION): StoredTrial {
  let metadata = record.metadata ?? {};
  for (const m of MIGRATIONS) if (m.to > version) metadata = m.trial(metadata);
  check(`trial ${record.id} of study ${JSON.stringify(record.study)}`, TRIAL_METADATA, metadata, TRIAL_FIELDS);
  return { ...record, metadata: metadata as TrialMetadata };
}

/** The metadata a new study stores: `fields` in the current format (user keys first, ours over them). */
export function newStudyMetadata(user: Record<string, unknown> | undefined, fields: StudyMetadata): StudyMetadata {
  return { ...user, ...fields, formatVersion: RECORD_FORMAT_VERSION };
}

/** A study and its trials through the typed readers, or undefined when there is no study of that name. */
export async function readStudyRecords(
  storage: StudyStorage,
  name: string,
): Promise<{ study: StoredStudy; trials: StoredTrial[] } | undefined> {
  const record = await storage.getStudy(name);
  if (!record) return undefined;
  const study = storedStudy(record);
  const trials = (await storage.listTrials(name)).map((t) => storedTrial(t, study.metadata.formatVersion));
  return { study, trials };
}
