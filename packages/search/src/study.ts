/**
 * A study: one search, its trials kept in a {@link StudyStorage} (in memory by default). The
 * ask/tell form lets an external loop run several trials at once (asynchronous evolution):
 * `ask()` proposes a DNA, writes the trial, and returns a {@link Feedback} with the materialized
 * example; `tell(id, reward)` completes it. Operations are applied in call order, so a loop that
 * calls them in the same order gets the same proposals. Opening a study whose name is already in
 * the storage resumes it: completed trials are replayed into the algorithm (`recover`).
 *
 * One protocol for every storage (`storage/storage.ts`): each `ask` is the storage's
 * `acquireTrial`, which hands out a pending trial (enqueued, or re-queued from a dead worker) or
 * else makes a new one from a proposal. Before proposing, the algorithm is fed the trials other
 * workers completed since (in completion order) and its proposal count is set to the study's trial
 * count, so the proposal of trial `id` is number `id − 1` (after any warm-start entries) whichever
 * storage, worker or resume made it — enqueued trials take a number too.
 */
import { DNA, type Concrete, type DNASpec } from '@tsglove/symbolic';
import { MaterializeError, RewardError, SearchError, SearchExhaustedError, StaleTrialError, StorageError, TrialError } from './errors.js';
import { UNUSED_DECISIONS, checkReward, scalarReward, type DNAGenerator, type Reward, type Seed } from './generator.js';
import type { EarlyStoppingPolicy } from './early-stopping/policy.js';
import { MemoryStorage } from './storage/memory.js';
import type { Measurement, StudyStorage, TrialRecord } from './storage/storage.js';
import {
  newStudyMetadata,
  RECORD_FORMAT_VERSION,
  storedStudy,
  storedTrial,
  type StoredTrial,
  type TrialMetadata,
} from './storage/records.js';
import { openStorage } from './storage/open.js';
import { spaceKey } from './storage/schema.js';
import { prepareSpace, type PreparedSpace } from './space.js';
import { Feedback, type TrialOwner, type TrialResult } from './feedback.js';
import { algorithmConfig, describeConfigDiff, lineageOf, restoreLineage } from './lineage.js';
import { addTrialLink, getTrialMetadata, rewardToOptimize, setTrialMetadata } from './annotations.js';
import { warmStartHistory, type WarmStartEntry } from './warm-start.js';
import { paramKeys, paramsOf, trialParams, type TrialParams } from './params.js';

/** What `acquire` returns when every trial exists but other workers still run some. */
const WAIT = Symbol('wait');

/** Progress of a study, given to `onTrial` after each trial ends. */
export interface TrialEvent {
  study: string;
  /** The trial as stored after it ended. */
  trial: TrialRecord;
  /** Trials created so far (all statuses). */
  numTrials: number;
  /** Trials completed so far. */
  numCompleted: number;
  /** The best completed trial so far (by reward, the first objective for tuples). */
  best?: BestTrial;
}

/** The best completed trial of a study: its id, reward and decoded parameters by name. */
export interface BestTrial {
  id: number;
  reward: Reward;
  /** The trial's decisions by name with their chosen values (see `params.ts`). */
  params: TrialParams;
}

/** Options of {@link Study.create} (and of `sample`). */
export interface StudyOptions {
  /** Study name (default 'study'); an existing study of this name in the storage is resumed. */
  name?: string;
  /** Seed for an algorithm made without one (default 0); stored with the study. */
  seed?: Seed;
  /**
   * Where trials live (default: a new in-memory storage): a storage, or a URL (`sqlite:./study.db`,
   * `postgres://…`, `memory:`). With a SQLite or PostgreSQL storage many workers can share the
   * study, and a dead worker's running trial is handed out again (see `storage/shared-store.ts`).
   */
  storage?: StudyStorage | string;
  /** Create no trials past this many in the whole study (all workers; enqueued trials count). */
  maxTrials?: number;
  /** Policy behind `feedback.shouldStop()`. */
  earlyStopping?: EarlyStoppingPolicy;
  /** Called after each trial ends (completed, infeasible or failed): progress for CLIs. */
  onTrial?: (event: TrialEvent) => void;
  /** Free metadata stored with a new study. */
  metadata?: Record<string, unknown>;
  /**
   * Reported metrics that make the algorithm's reward (PyGlove's `metrics_to_optimize`):
   * `['accuracy']`, or several names for a tuple; `'reward'` is the reported reward.
   */
  metricsToOptimize?: string[];
  /**
   * Warm start (PyGlove's `checkpoint_to_warm_start_from`): a new study first feeds the algorithm
   * the completed trials of this study (same space); they are copied into the new study's metadata,
   * so a resume replays them too.
   */
  warmStartFrom?: { storage: StudyStorage | string; name: string };
  /**
   * Where the study's warnings go: a trial failed by a bad reward, a loop that ended with trials
   * still running (default: `process.emitWarning`, which Node prints to stderr).
   */
  onWarning?: (message: string) => void;
}

/** The option names of {@link Study.create}. */
export const STUDY_OPTION_NAMES: ReadonlyArray<keyof StudyOptions> = [
  'name',
  'seed',
  'storage',
  'maxTrials',
  'earlyStopping',
  'onTrial',
  'metadata',
  'metricsToOptimize',
  'warmStartFrom',
  'onWarning',
];

/** A search in progress (see the module comment). */
export class Study<T = unknown> implements TrialOwner {
  private queue: Promise<unknown> = Promise.resolve();
  /** Trials asked through this object and not ended: their DNA and the lease every write carries (fencing). */
  private readonly open = new Map<number, { dna: DNA; lease: number }>();
  /** Callbacks waiting for an open trial to end (see `whenEnded`). */
  private readonly endWaiters = new Map<number, Array<() => void>>();
  private bestTrial: (BestTrial & { score: number; dna: DNA }) | undefined;
  private completed = 0;
  private created = 0;
  /** Completed trials already fed to the algorithm, and the last completedSeq seen. */
  private readonly fed = new Set<number>();
  private lastSeq = 0;
  private maxTrials: number | undefined;
  private metricsToOptimize: string[] | undefined;
  /** Completed trials of the warm-start study, replayed before this study's own. */
  private warmStart: WarmStartEntry[] = [];
  private ended = false;
  /** The record format the study was stored in (see `storage/records.ts`). */
  private formatVersion = RECORD_FORMAT_VERSION;

  private constructor(
    readonly name: string,
    readonly storage: StudyStorage,
    readonly algorithm: DNAGenerator,
    private readonly space: PreparedSpace<T>,
    readonly earlyStopping: EarlyStoppingPolicy | undefined,
    private readonly onTrial: ((event: TrialEvent) => void) | undefined,
    /** Reports a warning (see `StudyOptions.onWarning`). */
    readonly warn: (message: string) => void = (message) => process.emitWarning(message, 'TsgloveWarning'),
  ) {}

  /** Creates (or resumes) a study of a define-by-run function searched by `algorithm`. */
  static create<R>(space: () => R, algorithm: DNAGenerator, options?: StudyOptions): Promise<Study<R>>;
  /** Creates (or resumes) a study of `space` searched by `algorithm`. */
  static create<S>(space: S, algorithm: DNAGenerator, options?: StudyOptions): Promise<Study<Concrete<S>>>;
  static async create<T>(space: unknown, algorithm: DNAGenerator, options: StudyOptions = {}): Promise<Study<T>> {
    const prepared = prepareSpace<T>(space);
    const storage = typeof options.storage === 'string' ? await openStorage(options.storage) : (options.storage ?? new MemoryStorage());
    const name = options.name ?? 'study';
    let existing = await storage.getStudy(name);
    algorithm.setup(prepared.spec, { seed: options.seed ?? existing?.seed });
    const study = new Study<T>(name, storage, algorithm, prepared, options.earlyStopping, options.onTrial, options.onWarning);
    study.maxTrials = options.maxTrials;
    study.metricsToOptimize = options.metricsToOptimize;
    const key = spaceKey(prepared.spec);
    if (!existing) {
      try {
        const config = algorithmConfig(algorithm);
        const warm = options.warmStartFrom ? await warmStartHistory(options.warmStartFrom, key) : undefined;
        const record = {
          name,
          algorithm: algorithm.name,
          seed: algorithm.seed,
          metadata: newStudyMetadata(options.metadata, {
            decisions: prepared.spec.decisionPoints.map((p) => p.name ?? p.id),
            spaceKey: key,
            ...(config !== undefined && { algorithmConfig: config as Record<string, unknown> }), // a symbolic object's JSON
            ...(warm && { warmStart: warm }),
          }),
        };
        storedStudy({ ...record, createdAt: 0 }); // a bad typed field (e.g. `objectives`) is refused before anything is stored
        await storage.createStudy(record);
        if (warm) study.startWarm(warm);
        return study;
      } catch (error) {
        // Workers started together: another one created the study first; join it.
        existing = await storage.getStudy(name);
        if (!existing) throw error;
        algorithm.setup(prepared.spec, { seed: options.seed ?? existing.seed });
      }
    }
    const stored = storedStudy(existing);
    study.formatVersion = stored.metadata.formatVersion;
    if (stored.metadata.spaceKey !== undefined && stored.metadata.spaceKey !== key) {
      throw new StorageError(
        `study ${JSON.stringify(name)} exists with another search space (stored space key ${stored.metadata.spaceKey}, this space ${key}); ` +
          'use another study name or the same space',
        'study',
      );
    }
    if (existing.algorithm !== algorithm.name || String(existing.seed) !== String(algorithm.seed)) {
      throw new StorageError(
        `study ${JSON.stringify(name)}: stored with ${existing.algorithm} (seed ${existing.seed}), ` +
          `resumed with ${algorithm.name} (seed ${algorithm.seed}); a resumed study needs the same algorithm and seed`,
        'study',
      );
    }
    const config = algorithmConfig(algorithm);
    const storedConfig = stored.metadata.algorithmConfig;
    if (storedConfig !== undefined && config !== undefined && JSON.stringify(storedConfig) !== JSON.stringify(config)) {
      throw new StorageError(
        `study ${JSON.stringify(name)}: stored with another ${algorithm.name} configuration; a resumed study needs the same algorithm. ` +
          `Differences (stored → given):\n${describeConfigDiff(storedConfig, config)}`,
        'study',
      );
    }
    study.warmStart = (stored.metadata.warmStart ?? []) as WarmStartEntry[];
    await study.resume();
    return study;
  }

  /** Replays the stored history into the algorithm (trials whose lease expired go back to pending first). */
  private async resume(): Promise<void> {
    await this.storage.requeueStale(this.name);
    const all = (await this.storage.listTrials(this.name)).map((t) => storedTrial(t, this.formatVersion));
    const done = all.filter((t) => t.status === 'completed').sort((a, b) => a.completedSeq! - b.completedSeq!);
    this.algorithm.recover([...this.warmHistory(), ...done.map((t) => this.historyEntry(t))], {
      numProposals: all.length + this.warmStart.length,
    });
    this.completed = done.length;
    for (const t of done) {
      this.noteBest(t.id, t.reward!, () => DNA.fromJSON(t.dna, this.spec));
      this.fed.add(t.id);
    }
    this.lastSeq = done.length > 0 ? done[done.length - 1]!.completedSeq! : 0;
    // Running or pending trials are counted when handed out: a dead worker's one comes back.
    this.created = all.filter((t) => t.status !== 'running' && t.status !== 'pending').length;
  }

  /** A stored completed trial as the algorithm's history entry (lineage and unused decisions restored). */
  private historyEntry(t: StoredTrial): { dna: DNA; reward: Reward } {
    return { dna: this.markUnused(restoreLineage(DNA.fromJSON(t.dna, this.spec), t.metadata), paramsOf(t)), reward: t.reward! };
  }

  /**
   * The next trial from the storage (see the module comment): a pending one, or a new one proposed
   * after feeding the trials other workers completed since the last call, so workers never repeat a
   * proposal. `WAIT` when the study is full but a trial may still come back (its lease may expire).
   */
  private async acquire(): Promise<{ id: number; dna: DNA; lease: number } | typeof WAIT> {
    const storage = this.storage;
    let proposed: DNA | undefined;
    const got = await storage.acquireTrial(this.name, {
      maxTrials: this.maxTrials,
      afterSeq: this.lastSeq,
      propose: ({ completed, numTrials }) => {
        const others = completed
          .filter((t) => !this.fed.has(t.id) && t.status === 'completed')
          .map((t) => storedTrial(t, this.formatVersion));
        for (const t of completed) this.lastSeq = Math.max(this.lastSeq, t.completedSeq ?? 0);
        this.algorithm.recover(
          others.map((t) => this.historyEntry(t)),
          { numProposals: numTrials + this.warmStart.length },
        );
        for (const t of others) {
          this.fed.add(t.id);
          this.completed++;
          this.noteBest(t.id, t.reward!, () => DNA.fromJSON(t.dna, this.spec));
        }
        const dna = this.algorithm.propose();
        proposed = dna;
        const metadata: TrialMetadata = { proposal: this.algorithm.numProposals - 1, ...lineageField(dna), params: this.paramsOf(dna) };
        return { dna: dna.toJSON(), metadata };
      },
    });
    if (!got) {
      // Every trial exists; those other workers still run may yet expire and come back: wait for them.
      if (await storage.mayHandOutMore(this.name, new Set(this.open.keys()))) return WAIT;
      throw new SearchExhaustedError(`study ${JSON.stringify(this.name)} has its ${this.maxTrials} trials`);
    }
    this.created = got.requeued ? this.created + 1 : Math.max(this.created + 1, got.numTrials);
    // The trial just proposed keeps the algorithm's own DNA object (its metadata, e.g. an evolution's
    // lineage, is what its feedback reads); a handed-out pending trial gets its stored lineage back.
    const dna = !got.requeued && proposed ? proposed : restoreLineage(DNA.fromJSON(got.trial.dna, this.spec), got.trial.metadata);
    return { id: got.trial.id, dna, lease: got.trial.lease };
  }

  /** The space's DNASpec. */
  get spec(): DNASpec {
    return this.space.spec;
  }
  /** Trials created so far (this session and resumed ones). */
  get numTrials(): number {
    return this.created;
  }
  /** Trials completed so far. */
  get numCompleted(): number {
    return this.completed;
  }
  /** The best completed trial so far (by reward; first objective for tuples). */
  get best(): BestTrial | undefined {
    return this.bestTrial && { id: this.bestTrial.id, reward: this.bestTrial.reward, params: this.bestTrial.params };
  }

  /** The best completed trial's example (materialized again from its DNA), or undefined before one completes. */
  bestExample(): T | undefined {
    return this.bestTrial && this.space.make(this.bestTrial.dna);
  }

  /**
   * A DNA's decisions by name with their chosen values (what trials store as `metadata.params`). In a
   * define-by-run space that grows with earlier choices, only the decisions the run makes.
   */
  paramsOf(dna: DNA): TrialParams {
    const all = trialParams(this.spec, dna);
    let used: Set<string> | undefined;
    try {
      used = this.space.used?.(dna);
    } catch {
      return all; // the run throws: the trial fails when it is materialized
    }
    if (!used) return all;
    const names = new Map(this.spec.decisionPoints.map((p) => [p.id, p.name ?? p.id]));
    const keys = paramKeys(this.spec);
    const kept = new Set([...keys].filter(([id]) => used.has(names.get(id)!)).map(([, key]) => key));
    return Object.fromEntries(Object.entries(all).filter(([key]) => kept.has(key)));
  }

  /** Runs `fn` after every earlier operation (operations apply in call order). */
  private exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Proposes, stores and materializes the next trial. Throws `SearchExhaustedError` when the algorithm
   * is done. On a shared storage whose study has all its trials, waits while other workers still run
   * some (a dead worker's trial comes back when its lease expires) instead of ending early.
   */
  async ask(): Promise<Feedback<T>> {
    for (;;) {
      const got = await this.exclusive(() => this.askOnce());
      if (got !== WAIT) return got;
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  }

  private async askOnce(): Promise<Feedback<T> | typeof WAIT> {
    const record = await this.acquire();
    if (record === WAIT) return WAIT;
    const dna = record.dna;
    this.open.set(record.id, { dna, lease: record.lease });
    let example: T;
    try {
      example = this.space.make(dna);
    } catch (error) {
      const reason = `materialize: ${(error as Error).message}`;
      await this.storage
        .updateTrial(this.name, record.id, { status: 'failed', reason, completedAt: Date.now() }, { lease: record.lease })
        .catch((e) => {
          if (!(e instanceof StaleTrialError)) throw e;
        });
      this.closeTrial(record.id);
      throw new MaterializeError(`study ${JSON.stringify(this.name)}: trial ${record.id} failed: ${reason}`, record.id, error);
    }
    return new Feedback<T>(this, record.id, dna, example);
  }

  /** Whether trial `id`, asked through this study object, has not ended yet. */
  isOpen(id: number): boolean {
    return this.open.has(id);
  }

  /** Resolves once trial `id` (asked through this study object) has ended; at once if it is not open. */
  whenEnded(id: number): Promise<void> {
    if (!this.open.has(id)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.endWaiters.get(id);
      if (waiting) waiting.push(resolve);
      else this.endWaiters.set(id, [resolve]);
    });
  }

  private closeTrial(id: number): void {
    this.open.delete(id);
    const waiting = this.endWaiters.get(id);
    this.endWaiters.delete(id);
    for (const resolve of waiting ?? []) resolve();
  }

  /**
   * Queues a point of the space to be evaluated before the algorithm proposes more (Optuna's
   * `enqueue_trial`; e.g. a known-good baseline): stored at once as a `pending` trial, handed out by
   * the next `ask()` of any worker, and counted against `numExamples` (`maxTrials`) from then on: it
   * is one of the study's trials, and it takes a proposal number (see the module comment). Its reward is fed to the algorithm like any other. `point` is a DNA of this
   * space, its flat numbers (`dna.toNumbers()`), or the chosen values by decision name or id
   * (`{ width: 64, act: 'swish' }`, see `DNA.fromDict`); it is validated first (errors name the decision).
   * Returns the trial id.
   */
  enqueue(point: DNA | readonly number[] | Record<string, unknown>, metadata: Record<string, unknown> = {}): Promise<number> {
    return this.exclusive(async () => {
      let dna: DNA;
      try {
        if (point instanceof DNA) dna = DNA.fromJSON(point.toJSON(), this.spec);
        else if (Array.isArray(point)) dna = DNA.fromNumbers(point, this.spec);
        else dna = DNA.fromDict(point as Record<string, unknown>, this.spec);
      } catch (error) {
        throw new SearchError(
          `study ${JSON.stringify(this.name)}: cannot enqueue ${point instanceof DNA ? point.toString() : JSON.stringify(point)}: ${(error as Error).message}`,
          'enqueue',
        );
      }
      const record = await this.storage.createTrial(this.name, {
        dna: dna.toJSON(),
        status: 'pending',
        metadata: { ...metadata, enqueued: true, params: this.paramsOf(dna) } satisfies TrialMetadata,
      });
      return record.id;
    });
  }

  /** The DNA of running trial `id` and the lease writes must carry (asked here, or read from the storage). */
  private async running(id: number): Promise<{ dna: DNA; lease: number }> {
    const open = this.open.get(id);
    if (open) return open;
    const t = await this.storage.getTrial(this.name, id);
    if (!t) throw new TrialError(`study ${JSON.stringify(this.name)}: no trial ${id}`, id);
    if (t.status !== 'running') throw new TrialError(`trial ${id} is ${t.status}; only a running trial can be reported`, id);
    return { dna: restoreLineage(DNA.fromJSON(t.dna, this.spec), t.metadata), lease: t.lease };
  }

  /** A fenced write: a `StaleTrialError` (the lease was lost) ends the trial here too, then propagates. */
  private async fenced<R>(id: number, write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof StaleTrialError) this.closeTrial(id);
      throw error;
    }
  }

  /**
   * Completes trial `id` with a reward (or `{ reward, metrics }`) and feeds it to the algorithm.
   * A reward the algorithm cannot take — NaN, ±Infinity, a string, a tuple for a single-objective
   * algorithm, a tuple of another arity — fails the trial instead (stored as `failed` with the
   * reason, a warning is given, the algorithm sees no feedback) and the study goes on; the returned
   * record then has status `failed`.
   */
  tell(id: number, result: TrialResult): Promise<TrialRecord> {
    return this.exclusive(async () => {
      const { dna, lease } = await this.running(id);
      const parsed = await this.parseResult(id, result);
      const metrics = parsed.metrics;
      let reward: Reward;
      try {
        reward = rewardToOptimize(id, this.metricsToOptimize, parsed.reward, metrics);
        checkReward(this.algorithm, reward);
        // The study checks what an algorithm would refuse later (a changed number of objectives), so
        // a bad reward fails the trial before anything is stored or fed.
        this.checkShape(reward);
      } catch (error) {
        if (!(error instanceof RewardError)) throw error;
        return this.endNow(id, lease, 'failed', `bad reward: ${error.message}`, true);
      }
      this.markUnused(dna);
      // Only a result the storage accepted under this worker's lease reaches the algorithm.
      const record = await this.fenced(id, () =>
        this.storage.updateTrial(this.name, id, { status: 'completed', reward, metrics, completedAt: Date.now() }, { lease }),
      );
      this.closeTrial(id);
      this.algorithm.feedback(dna, reward);
      this.fed.add(id);
      // No other completion came between: the next acquire need not hand this one back to `propose`.
      if (record.completedSeq === this.lastSeq + 1) this.lastSeq = record.completedSeq;
      this.completed++;
      this.noteBest(id, reward, () => dna);
      this.emit(record);
      return record;
    });
  }

  private async parseResult(id: number, result: TrialResult): Promise<{ reward?: Reward; metrics?: Record<string, number> }> {
    if (result === undefined) {
      const t = await this.storage.getTrial(this.name, id);
      const last = t?.measurements[t.measurements.length - 1];
      if (!last) throw new TrialError(`trial ${id}: report() without a reward needs at least one measurement`, id);
      return { reward: last.reward, metrics: last.metrics };
    }
    if (typeof result === 'number' || Array.isArray(result)) return { reward: result as Reward };
    if (typeof result === 'object' && result !== null && 'reward' in result) return { reward: result.reward, metrics: result.metrics };
    if (this.metricsToOptimize && typeof result === 'object' && result !== null && 'metrics' in result)
      return { metrics: (result as { metrics: Record<string, number> }).metrics };
    // Any other shape: `tell` fails the trial with checkReward's message.
    return { reward: result as unknown as Reward };
  }

  /** The reward's shape must match that of the study's completed trials (a number, or tuples of one arity). */
  private checkShape(reward: Reward): void {
    const first = this.bestTrial?.reward;
    if (first === undefined) return;
    const shape = (r: Reward) => (typeof r === 'number' ? 'a number' : `a tuple of ${r.length}`);
    if (shape(first) !== shape(reward)) {
      throw new RewardError(
        `reward ${Array.isArray(reward) ? `[${reward.join(', ')}]` : reward} is ${shape(reward)}, but the study's completed trials have ${shape(first)} ` +
          '(every trial of a study reports the same objectives)',
        reward,
      );
    }
  }

  private noteBest(id: number, reward: Reward, dna: () => DNA): void {
    const score = scalarReward(reward);
    if (!this.bestTrial || score > this.bestTrial.score) {
      const d = dna();
      this.bestTrial = { id, reward, score, dna: d, params: this.paramsOf(d) };
    }
  }

  private emit(trial: TrialRecord): void {
    this.onTrial?.({ study: this.name, trial, numTrials: this.created, numCompleted: this.completed, best: this.best });
  }

  /** Marks trial `id` infeasible (the algorithm gets no feedback for it). */
  skip(id: number, reason = 'skipped'): Promise<TrialRecord> {
    return this.end(id, 'infeasible', reason);
  }

  /** Ends trial `id` as stopped early (see `Feedback.prune`). */
  prune(id: number, reason = 'pruned by the early-stopping policy'): Promise<TrialRecord> {
    return this.exclusive(async () => {
      const { lease } = await this.running(id);
      const stored = await this.storage.getTrial(this.name, id);
      const update = { status: 'infeasible' as const, reason, metadata: { ...stored?.metadata, pruned: true }, completedAt: Date.now() };
      const record = await this.fenced(id, () => this.storage.updateTrial(this.name, id, update, { lease }));
      this.closeTrial(id);
      this.emit(record);
      return record;
    });
  }

  /** Marks trial `id` failed (e.g. its evaluation crashed). */
  fail(id: number, reason: string): Promise<TrialRecord> {
    return this.end(id, 'failed', reason);
  }

  private end(id: number, status: 'infeasible' | 'failed', reason: string): Promise<TrialRecord> {
    return this.exclusive(async () => {
      const { lease } = await this.running(id);
      return this.endNow(id, lease, status, reason);
    });
  }

  /** Ends a running trial as infeasible or failed (inside `exclusive`), warning when asked to. */
  private async endNow(id: number, lease: number, status: 'infeasible' | 'failed', reason: string, warn = false): Promise<TrialRecord> {
    const record = await this.fenced(id, () =>
      this.storage.updateTrial(this.name, id, { status, reason, completedAt: Date.now() }, { lease }),
    );
    this.closeTrial(id);
    if (warn) this.warn(`study ${JSON.stringify(this.name)}: trial ${id} failed: ${reason}`);
    this.emit(record);
    return record;
  }

  /** Resolves once every operation called so far (e.g. a `report` not awaited) has applied. */
  idle(): Promise<void> {
    return this.exclusive(async () => undefined);
  }

  /**
   * Define-by-run spaces: lists in `dna.metadata` the decisions the trial did not use (see
   * `UNUSED_DECISIONS`), from its stored params or by running the space; returns `dna`.
   */
  private markUnused(dna: DNA, params?: TrialParams): DNA {
    if (!this.space.used) return dna;
    const p = params ?? this.paramsOf(dna);
    dna.metadata[UNUSED_DECISIONS] = [...paramKeys(this.spec)].filter(([, key]) => !(key in p)).map(([id]) => id);
    return dna;
  }

  /** Ids of the trials asked through this study object that have not ended yet. */
  get openTrials(): number[] {
    return [...this.open.keys()];
  }

  /** Records an intermediate result of a running trial (steps must not decrease). */
  addMeasurement(
    id: number,
    measurement: { step: number; reward: Reward; metrics?: Record<string, number>; checkpointPath?: string },
  ): Promise<void> {
    return this.exclusive(async () => {
      const { lease } = await this.running(id);
      const t = (await this.storage.getTrial(this.name, id))!;
      const prev = t.measurements[t.measurements.length - 1];
      if (!Number.isFinite(measurement.step) || (prev && measurement.step < prev.step)) {
        throw new TrialError(
          `trial ${id}: measurement step ${measurement.step} must be a number >= the previous step (${prev?.step ?? '-'})`,
          id,
        );
      }
      checkReward({ name: `trial ${id} measurement`, multiObjective: true }, measurement.reward);
      const m: Measurement = { step: measurement.step, reward: measurement.reward, metrics: measurement.metrics, time: Date.now() };
      if (measurement.checkpointPath !== undefined) m.checkpointPath = measurement.checkpointPath;
      await this.fenced(id, () => this.storage.addMeasurement(this.name, id, m, { lease }));
    });
  }

  /** Whether the early-stopping policy would stop trial `id` now (false without a policy). */
  shouldStop(id: number): Promise<boolean> {
    return this.exclusive(async () => {
      if (!this.earlyStopping) return false;
      const all = await this.storage.listTrials(this.name);
      const trial = all.find((t) => t.id === id);
      if (!trial) throw new TrialError(`study ${JSON.stringify(this.name)}: no trial ${id}`, id);
      return this.earlyStopping.shouldStop(
        trial,
        all.filter((t) => t.id !== id),
      );
    });
  }

  /** Sets user metadata `key` of trial `id` (stored as `metadata.user[key]`). */
  setMetadata(id: number, key: string, value: unknown): Promise<void> {
    return this.exclusive(() => this.fenced(id, () => setTrialMetadata(this.storage, this.name, id, key, value, this.leaseOf(id))));
  }
  /** User metadata `key` of trial `id` (all of it without a key). */
  getMetadata(id: number, key?: string): Promise<unknown> {
    return this.exclusive(() => getTrialMetadata(this.storage, this.name, id, key));
  }
  /** Adds a named link (a URL) to trial `id` (`metadata.links`). */
  addLink(id: number, name: string, url: string): Promise<void> {
    return this.exclusive(() => this.fenced(id, () => addTrialLink(this.storage, this.name, id, name, url, this.leaseOf(id))));
  }
  /** The lease check for a trial this study object runs (none for others). */
  private leaseOf(id: number): { lease: number } | undefined {
    const open = this.open.get(id);
    return open ? { lease: open.lease } : undefined;
  }
  /** Ends `sample`'s loop: no new trial is started by this study object (PyGlove's `end_loop`). */
  endLoop(): void {
    this.ended = true;
  }
  /** Whether `endLoop` was called. */
  get loopEnded(): boolean {
    return this.ended;
  }

  private warmHistory(): Array<{ dna: DNA; reward: Reward }> {
    return this.warmStart.map((w) => ({ dna: DNA.fromJSON(w.dna, this.spec), reward: w.reward }));
  }
  private startWarm(warm: WarmStartEntry[]): void {
    this.warmStart = warm;
    this.algorithm.recover(this.warmHistory(), { numProposals: warm.length });
  }

  /** The stored trials (in id order). */
  trials(): Promise<TrialRecord[]> {
    return this.exclusive(() => this.storage.listTrials(this.name));
  }
}

/** `{ lineage }` for a proposal that carries lineage, else nothing. */
function lineageField(dna: DNA): { lineage?: Record<string, unknown> } {
  const lineage = lineageOf(dna);
  return lineage ? { lineage } : {};
}
