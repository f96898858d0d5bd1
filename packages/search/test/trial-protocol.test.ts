/**
 * Trial-protocol additions, on every storage (memory, SQLite, PostgreSQL): per-trial metadata and
 * links, measurement checkpoint paths, metricsToOptimize, endLoop, skipOnExceptions, pollResult,
 * warm start from another study, and lineage in trial metadata.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { oneOf } from '@tsglove/symbolic';
import { StorageError, TrialError, nsga2, pollResult, random, regularizedEvolution, sample, type StudyStorage } from '../src/index.js';
import { backends, closeStorage, uniqueName } from './fixtures/storage/backends.js';

const opened: StudyStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await closeStorage(s);
});

const space = [oneOf([0, 1, 2, 3]), oneOf([0, 1, 2])];
const score = (x: number[]) => x[0]! * 3 + x[1]!;
class Infeasible extends Error {}

describe.each(backends())('trial protocol: $name', (backend) => {
  async function open(): Promise<StudyStorage> {
    const s = await backend.fresh()();
    opened.push(s);
    return s;
  }

  it('keeps per-trial metadata, links and checkpoint paths', async () => {
    const storage = await open();
    const name = uniqueName('meta');
    for await (const [x, feedback] of sample(space, random({ seed: 1 }), { storage, name, numExamples: 2 })) {
      await feedback.setMetadata('note', { epochs: 3 });
      await feedback.addLink('tensorboard', `http://tb/${feedback.id}`);
      await feedback.addMeasurement({ step: 1, reward: 0.5, checkpointPath: `/ckpt/${feedback.id}-1` });
      expect(await feedback.getMetadata('note')).toEqual({ epochs: 3 });
      await feedback.report(score(x as number[]));
    }
    const result = await pollResult(storage, name);
    expect(result.counts.completed).toBe(2);
    for (const t of result.trials) {
      expect(t.metadata.user).toEqual({ note: { epochs: 3 } });
      expect(t.metadata.links).toEqual({ tensorboard: `http://tb/${t.id}` });
      expect(t.measurements[0]!.checkpointPath).toBe(`/ckpt/${t.id}-1`);
    }
  });

  it('derives the reward from metricsToOptimize (one metric, or a tuple)', async () => {
    const storage = await open();
    const one = await sample(space, random({ seed: 2 }), {
      storage,
      name: uniqueName('m1'),
      numExamples: 2,
      metricsToOptimize: ['acc'],
    }).run((x) => ({
      metrics: { acc: score(x as number[]), latency: 1 },
    }));
    expect((await one.trials()).map((t) => t.reward)).toEqual((await one.trials()).map((t) => t.metrics!.acc));
    const two = await sample(space, nsga2({ populationSize: 2, seed: 2 }), {
      storage,
      name: uniqueName('m2'),
      numExamples: 2,
      metricsToOptimize: ['acc', 'reward'],
    }).run((x) => ({
      reward: -1,
      metrics: { acc: score(x as number[]) },
    }));
    for (const t of await two.trials()) expect(t.reward).toEqual([t.metrics!.acc, -1]);
    await expect(
      sample(space, random(), { storage, name: uniqueName('m3'), numExamples: 1, metricsToOptimize: ['acc'] }).run(
        () => ({ metrics: {} }),
        { onError: 'throw' },
      ),
    ).rejects.toThrow(TrialError); // by default the trial fails and the run goes on
  });

  it('ends the loop on endLoop and skips trials on the listed exceptions', async () => {
    const storage = await open();
    const name = uniqueName('end');
    let n = 0;
    for await (const [x, feedback] of sample(space, random({ seed: 3 }), { storage, name, numExamples: 10 })) {
      if (++n === 3) feedback.endLoop();
      await feedback.report(score(x as number[]));
    }
    expect(n).toBe(3);
    const study = await sample(space, random({ seed: 4 }), { storage, name: uniqueName('skip'), numExamples: 6 }).run(
      (x) => {
        if ((x as number[])[0] === 0) throw new Infeasible('too small');
        return score(x as number[]);
      },
      { skipOnExceptions: [Infeasible] },
    );
    const trials = await study.trials();
    expect(trials).toHaveLength(6);
    for (const t of trials) expect(t.status).toBe((t.dna as unknown[])[1] === 0 ? 'infeasible' : 'completed');
  });

  it('warm-starts from another study, and a resume replays the warm trials', async () => {
    const storage = await open();
    const source = uniqueName('source');
    await sample(space, random({ seed: 5 }), { storage, name: source, numExamples: 8 }).run((x) => score(x as number[]));
    const make = () => regularizedEvolution({ populationSize: 8, tournamentSize: 4, seed: 6 });
    const target = uniqueName('warm');
    const first = await sample(space, make(), { storage, name: target, numExamples: 3, warmStartFrom: { storage, name: source } }).run(
      (x) => score(x as number[]),
    );
    // With 8 warm rewards the population is full: the first proposals are already mutations.
    expect((await first.trials())[0]!.metadata.lineage).toMatchObject({ initialPopulation: false });
    const straight = await sample(space, make(), {
      storage,
      name: uniqueName('warm2'),
      numExamples: 5,
      warmStartFrom: { storage, name: source },
    }).run((x) => score(x as number[]));
    const resumed = await sample(space, make(), { storage, name: target, numExamples: 5 }).run((x) => score(x as number[]));
    expect((await resumed.trials()).map((t) => t.dna)).toEqual((await straight.trials()).map((t) => t.dna));
    await expect(
      sample([oneOf([0, 1])], random(), { storage, name: uniqueName('bad'), warmStartFrom: { storage, name: source } }).study,
    ).rejects.toThrow(StorageError);
  });
});
