/**
 * One protocol, every storage: the same history — asks, results out of order, enqueued points,
 * failed and skipped trials, trials left running — resumes to the same proposals on memory, SQLite
 * and PostgreSQL (fast-check over histories; the seed is printed on failure).
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { oneOf } from '@tsglove/symbolic';
import {
  Study,
  evolution,
  regularizedEvolution,
  top,
  tpe,
  uniformMutator,
  type DNAGenerator,
  type Feedback,
  type StudyStorage,
} from '../src/index.js';
import { backends, closeStorage } from './fixtures/storage/backends.js';

const space = () => ({ a: oneOf([0, 1, 2, 3]), b: oneOf([0, 1, 2]), c: oneOf([0, 1, 2, 3, 4]) });
type Point = { a: number; b: number; c: number };
const reward = (v: Point): number => v.a + 2 * v.b - v.c;

/** One step of a history. `pick` chooses among the open trials. */
type Op = { op: 'ask' } | { op: 'tell' | 'fail' | 'skip'; pick: number } | { op: 'enqueue'; point: [number, number, number] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ op: 'ask' as const }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('tell' as const), pick: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('fail' as const, 'skip' as const), pick: fc.nat(5) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('enqueue' as const),
      point: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 })),
    }),
  },
);

const algorithms: Record<string, () => DNAGenerator> = {
  evolution: () => regularizedEvolution({ populationSize: 3, tournamentSize: 2, seed: 11 }),
  tpe: () => tpe({ seed: 5, numStartupTrials: 3 }),
  // Reads the lineage of the DNA it is fed (`generationId`): every storage must feed back the proposal's metadata.
  'lineage-keyed evolution': () =>
    evolution({
      populationSize: 4,
      reproduction: top(2).then(uniformMutator()),
      populationUpdate: top(1, { cluster: true, key: 'generationId' }).then(top(3)),
      seed: 2,
    }),
};

const opened: StudyStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await closeStorage(s);
});

/** Plays `ops` on a fresh database of `backend`, then resumes the study from a second connection and asks `more` trials. */
async function play(backend: ReturnType<typeof backends>[number], algorithm: string, ops: Op[], more: number): Promise<string[]> {
  const connect = backend.fresh();
  const first = await connect();
  opened.push(first);
  const trace: string[] = [];
  const study = await Study.create(space(), algorithms[algorithm]!(), { storage: first, name: 'h' });
  const open: Feedback<Point>[] = [];
  for (const step of ops) {
    if (step.op === 'ask') {
      const fb = (await study.ask()) as Feedback<Point>;
      trace.push(`ask ${fb.id} ${fb.dna.key()}`);
      open.push(fb);
    } else if (step.op === 'enqueue') {
      trace.push(`enqueue ${await study.enqueue(step.point)}`);
    } else if (open.length > 0) {
      const [fb] = open.splice(step.pick % open.length, 1);
      if (step.op === 'tell') await fb!.report(reward(fb!.example));
      else if (step.op === 'fail') await fb!.fail('boom');
      else await fb!.skip();
    }
  }
  // The trials still open are left running (a worker that went away while its lease still runs).
  const second = await connect();
  opened.push(second);
  const resumed = await Study.create(space(), algorithms[algorithm]!(), { storage: second, name: 'h' });
  for (let i = 0; i < more; i++) {
    const fb = (await resumed.ask()) as Feedback<Point>;
    trace.push(`resumed ${fb.id} ${fb.dna.key()}`);
    await fb.report(reward(fb.example));
  }
  return trace;
}

describe('the same history resumes to the same proposals on every storage', () => {
  const all = backends();
  it.each(Object.keys(algorithms))(
    '%s',
    async (algorithm) => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { maxLength: 14 }), async (history) => {
          // An enqueued point carries no lineage, which the lineage-keyed algorithm cannot rank.
          const ops = algorithm.startsWith('lineage') ? history.filter((o) => o.op !== 'enqueue') : history;
          const traces = [];
          for (const backend of all) traces.push([backend.name, await play(backend, algorithm, ops, 5)] as const);
          const [, reference] = traces[0]!;
          expect(reference.filter((line) => line.startsWith('resumed'))).toHaveLength(5);
          for (const [name, trace] of traces.slice(1)) expect(trace, `${name} vs ${traces[0]![0]}`).toEqual(reference);
          for (const s of opened.splice(0)) await closeStorage(s);
        }),
        { numRuns: 12, verbose: true },
      );
    },
    120_000,
  );
});
