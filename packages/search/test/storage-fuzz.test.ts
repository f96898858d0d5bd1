/**
 * Fuzz (fast-check): trial rows written to a durable storage read back equal from a new connection
 * — DNA JSON of any shape, rewards and metrics with -0/±Infinity, metadata with keys like `$num`,
 * any strings — and DNA made for a real space survives storage and `DNA.fromJSON(json, spec)`.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DNA, dnaSpec, seededRandom, type DNAJSON } from '@tsglove/symbolic';
import { decodeJSON, encodeJSON } from '../src/storage/schema.js';
import type { SharedStudyStorage } from '../src/storage/shared-store.js';
import type { StudyStorage, TrialStatus } from '../src/storage/storage.js';
import { backends, closeStorage } from './fixtures/storage/backends.js';
import { mixedSpace } from './spaces.js';

const SEED = 20261125;
/** Any UTF-16 string (NUL, lone surrogates): fine inside JSON columns, which escape them. */
const anyString = fc.string({ unit: 'binary', maxLength: 8 });
/** Well-formed Unicode text (what a plain TEXT column such as `reason` takes). */
const text = fc.string({ unit: 'grapheme', maxLength: 8 });
const num = fc.oneof(fc.double(), fc.constantFrom(-0, Infinity, -Infinity, 0, 1e308, -5e-324), fc.integer());
const reward = fc.oneof(num, fc.array(num, { minLength: 1, maxLength: 4 }));
const dnaValue = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1000 }), fc.double({ noNaN: true }), anyString);
const dnaJSON: fc.Arbitrary<DNAJSON> = fc.letrec<{ node: DNAJSON }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    dnaValue,
    fc.tuple(dnaValue, fc.array(tie('node'), { maxLength: 4 })).map(([v, cs]) => [v, ...cs] as DNAJSON),
  ),
})).node;
const key = fc.oneof(anyString, fc.constantFrom('$num', '$esc', '__proto__x', 'a.b', ''));
const json: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    num,
    anyString,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(key, tie('v'), { maxKeys: 3 }),
  ),
})).v;
const row = fc.record({
  dna: dnaJSON,
  status: fc.constantFrom<TrialStatus>('pending', 'running', 'completed', 'infeasible', 'failed'),
  reward: fc.option(reward, { nil: undefined }),
  metrics: fc.option(fc.dictionary(anyString, num, { maxKeys: 3 }), { nil: undefined }),
  reason: fc.option(text, { nil: undefined }),
  metadata: fc.dictionary(key, json, { maxKeys: 4 }),
  measurements: fc.array(fc.record({ step: fc.integer(), reward, time: fc.nat() }), { maxLength: 3 }),
});

describe('encodeJSON / decodeJSON', () => {
  it('round-trips any JSON-like value, -0 and non-finite numbers included', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(decodeJSON(encodeJSON(v), 'v')).toEqual(v);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

const opened: StudyStorage[] = [];
afterAll(async () => {
  for (const s of opened) await closeStorage(s);
});

describe.each(backends().filter((b) => b.shared))('stored trial rows read back equal: $name', (backend) => {
  it('any row survives a write and a read from another connection', async () => {
    const connect = backend.fresh();
    const writer = await connect();
    const reader = await connect();
    opened.push(writer, reader);
    await writer.createStudy({ name: 'fuzz', algorithm: 'random', seed: 'fuzz', metadata: {} });
    await fc.assert(
      fc.asyncProperty(row, async (r) => {
        const t = await writer.createTrial('fuzz', { dna: r.dna, status: 'running', metadata: {} });
        for (const m of r.measurements) await writer.addMeasurement('fuzz', t.id, m);
        const update = { status: r.status, reward: r.reward, metrics: r.metrics, reason: r.reason, metadata: r.metadata };
        const written = await writer.updateTrial('fuzz', t.id, update);
        const read = (await reader.getTrial('fuzz', t.id))!;
        expect(read).toEqual(written);
        expect(read.dna).toEqual(r.dna);
        expect(read.reward).toEqual(r.reward);
        expect(read.metadata).toEqual(r.metadata);
        expect(read.measurements).toEqual(r.measurements);
      }),
      { seed: SEED, numRuns: backend.name === 'postgres' ? 40 : 80 },
    );
    expect((await (reader as SharedStudyStorage).listStudies())[0]!.numTrials).toBeGreaterThan(0);
  });

  it('DNA of a real space read back from storage decodes to the same DNA', async () => {
    const spec = dnaSpec(mixedSpace());
    const connect = backend.fresh();
    const s = await connect();
    opened.push(s);
    await s.createStudy({ name: 'dna', algorithm: 'random', seed: 0, metadata: {} });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1e9 }), async (n) => {
        const dna = spec.randomDNA(seededRandom(SEED, n));
        const t = await s.createTrial('dna', { dna: dna.toJSON(), status: 'running' });
        const back = DNA.fromJSON((await s.getTrial('dna', t.id))!.dna, spec);
        expect(back.toJSON()).toEqual(dna.toJSON());
        expect(back.toNumbers()).toEqual(dna.toNumbers());
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
