/**
 * In-memory {@link StudyStorage}: maps of plain records; returns copies like a durable store would.
 * The simplest case of the storage protocol: one process holds every trial, so a lease never
 * expires and nothing is re-queued; `acquireTrial` claims the first pending (enqueued) trial, else
 * makes a new one below `maxTrials`.
 */
import type { DNAJSON } from '@tsglove/symbolic';
import { StorageError } from '../errors.js';
import { fenceMeasurement, fenceWrite } from './fence.js';
import type {
  AcquiredTrial,
  AcquireOptions,
  LeaseCheck,
  Measurement,
  StudyRecord,
  StudyStorage,
  TrialRecord,
  TrialStatus,
  TrialUpdate,
} from './storage.js';

interface StudyState {
  record: StudyRecord;
  trials: TrialRecord[];
  /** Completed trials in completion order (`completedSeq` − 1 is the index). */
  completed: TrialRecord[];
  /** Ids of pending trials, in id order. */
  pending: number[];
}

function copyTrial(t: TrialRecord): TrialRecord {
  return {
    ...t,
    dna: structuredCloneJSON(t.dna),
    reward: Array.isArray(t.reward) ? [...t.reward] : t.reward,
    metrics: t.metrics && { ...t.metrics },
    measurements: t.measurements.map((m) => ({
      ...m,
      metrics: m.metrics && { ...m.metrics },
      reward: Array.isArray(m.reward) ? [...m.reward] : m.reward,
    })),
    metadata: { ...t.metadata },
  };
}

/** The fields of an update as the store keeps them (copies of its arrays and objects). */
function copyUpdate(update: TrialUpdate): TrialUpdate {
  const out = { ...update };
  if (Array.isArray(update.reward)) out.reward = [...update.reward];
  if (update.metrics) out.metrics = { ...update.metrics };
  if (update.metadata) out.metadata = { ...update.metadata };
  return out;
}

function structuredCloneJSON(json: DNAJSON): DNAJSON {
  if (!Array.isArray(json)) return json;
  // A copy of the array, recursing only into nested arrays (most entries are numbers).
  const out = json.slice();
  for (let i = 0; i < out.length; i++) if (Array.isArray(out[i])) out[i] = structuredCloneJSON(out[i] as DNAJSON);
  return out as DNAJSON;
}

/** Keeps studies in memory (the default storage of `sample` and `Study`). */
export class MemoryStorage implements StudyStorage {
  private readonly studies = new Map<string, StudyState>();

  private state(name: string): StudyState {
    const s = this.studies.get(name);
    if (!s) throw new StorageError(`storage: no study named ${JSON.stringify(name)}`, 'study');
    return s;
  }

  private trial(study: string, id: number): TrialRecord {
    const t = this.state(study).trials[id - 1];
    if (!t) throw new StorageError(`storage: study ${JSON.stringify(study)} has no trial ${id}`, `trials[${id}]`);
    return t;
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    const s = this.studies.get(name);
    return s && { ...s.record, metadata: { ...s.record.metadata } };
  }

  /** Deletes a study and its trials; false if there is none of that name. */
  async deleteStudy(name: string): Promise<boolean> {
    return this.studies.delete(name);
  }

  async createStudy(study: Omit<StudyRecord, 'createdAt'>): Promise<StudyRecord> {
    if (this.studies.has(study.name)) throw new StorageError(`storage: a study named ${JSON.stringify(study.name)} exists`, 'study');
    const record: StudyRecord = { ...study, metadata: { ...study.metadata }, createdAt: Date.now() };
    this.studies.set(study.name, { record, trials: [], completed: [], pending: [] });
    return { ...record, metadata: { ...record.metadata } };
  }

  async createTrial(study: string, trial: { dna: DNAJSON; status: TrialStatus; metadata?: Record<string, unknown> }): Promise<TrialRecord> {
    const s = this.state(study);
    const now = Date.now();
    const record: TrialRecord = {
      id: s.trials.length + 1,
      study,
      dna: structuredCloneJSON(trial.dna),
      status: trial.status,
      measurements: [],
      createdAt: now,
      updatedAt: now,
      metadata: { ...trial.metadata },
      lease: trial.status === 'running' ? 1 : 0,
    };
    s.trials.push(record);
    if (record.status === 'pending') s.pending.push(record.id);
    return copyTrial(record);
  }

  async updateTrial(study: string, id: number, update: TrialUpdate, check?: LeaseCheck): Promise<TrialRecord> {
    const s = this.state(study);
    const t = this.trial(study, id);
    const plan = fenceWrite(study, id, t, update, check);
    if (plan.outcome === 'already') return copyTrial(t);
    const was = t.status;
    Object.assign(t, copyUpdate(update), { updatedAt: Date.now() });
    if (plan.claim) t.lease++;
    if (was === 'pending' && t.status !== 'pending') s.pending.splice(s.pending.indexOf(id), 1);
    if (was !== 'pending' && t.status === 'pending') {
      const at = s.pending.findIndex((p) => p > id);
      s.pending.splice(at < 0 ? s.pending.length : at, 0, id);
    }
    if (plan.complete) {
      s.completed.push(t);
      t.completedSeq = s.completed.length;
    }
    return copyTrial(t);
  }

  async addMeasurement(study: string, id: number, measurement: Measurement, check?: LeaseCheck): Promise<void> {
    const t = this.trial(study, id);
    fenceMeasurement(study, id, t, check);
    t.measurements.push({ ...measurement, metrics: measurement.metrics && { ...measurement.metrics } });
    t.updatedAt = Date.now();
  }

  async getTrial(study: string, id: number): Promise<TrialRecord | undefined> {
    const t = this.state(study).trials[id - 1];
    return t && copyTrial(t);
  }

  async listTrials(study: string, options: { status?: readonly TrialStatus[] } = {}): Promise<TrialRecord[]> {
    const s = this.state(study);
    const wanted = options.status;
    return s.trials.filter((t) => !wanted || wanted.includes(t.status)).map(copyTrial);
  }

  async countTrials(study: string): Promise<number> {
    return this.state(study).trials.length;
  }

  async acquireTrial(study: string, options: AcquireOptions): Promise<AcquiredTrial | undefined> {
    const s = this.state(study);
    const id = s.pending.shift();
    if (id !== undefined) {
      const t = s.trials[id - 1]!;
      Object.assign(t, { status: 'running', lease: t.lease + 1, updatedAt: Date.now() });
      return { trial: copyTrial(t), requeued: true, numTrials: s.trials.length };
    }
    if (options.maxTrials !== undefined && s.trials.length >= options.maxTrials) return undefined;
    const completed = s.completed.slice(options.afterSeq ?? 0).map(copyTrial);
    const next = options.propose({ completed, numTrials: s.trials.length });
    const trial = await this.createTrial(study, { dna: next.dna, status: 'running', metadata: next.metadata });
    return { trial, requeued: false, numTrials: trial.id };
  }

  /** Nothing expires in memory: the one process holds every running trial. */
  async requeueStale(study: string): Promise<number[]> {
    this.state(study);
    return [];
  }

  /** Never: a full in-memory study only shrinks in running trials (leases do not expire). */
  async mayHandOutMore(study: string): Promise<boolean> {
    this.state(study);
    return false;
  }
}

/** A new in-memory storage. */
export function memoryStorage(): MemoryStorage {
  return new MemoryStorage();
}
