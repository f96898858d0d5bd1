/**
 * The stored record format (`storage/records.ts`): a study written before the format had a version
 * (`fixtures/stored-format/study-v0.json`, written by the committed `make-v0.ts` on the code of that
 * time) reads through the migration with every field typed, and resumes to what it resumed to then;
 * a newer format and a badly typed field are refused with errors naming them; what `Study` writes
 * reads back (fast-check over user metadata and objective names).
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { floatValue, oneOf } from '@tsglove/symbolic';
import {
  MemoryStorage,
  RECORD_FORMAT_VERSION,
  readStudyRecords,
  regularizedEvolution,
  StorageError,
  storedStudy,
  Study,
  type StudyStorage,
} from '../src/index.js';
import { openSqlite } from '../src/storage/sqlite.js';
import { closeStorage, tempDir } from './fixtures/storage/backends.js';
import { V0, v0Database } from './fixtures/stored-format/v0-database.js';

// The space, score and algorithm of make-v0.ts.
const space = { width: oneOf([16, 32, 64]), act: oneOf(['relu', 'swish']), lr: floatValue(0.001, 0.1) };
type Point = { width: number; act: string; lr: number };
const score = (v: Point) => v.width / 64 + (v.act === 'swish' ? 0.1 : 0) - v.lr;
const algo = () => regularizedEvolution({ populationSize: 3, tournamentSize: 2, seed: 7 });

const opened: StudyStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await closeStorage(s);
});

describe('a study stored before the record format had a version (format 0)', () => {
  it('reads through the migration, every field typed', async () => {
    const storage = openSqlite(v0Database());
    opened.push(storage);
    const { study, trials } = (await readStudyRecords(storage, 'cli'))!;
    expect(study.metadata.formatVersion).toBe(RECORD_FORMAT_VERSION);
    expect(study.metadata.objectives).toEqual(['accuracy']);
    expect(study.metadata.decisions).toEqual(['width', 'act', 'lr']);
    expect(study.metadata.module).toBe('space.ts');
    expect(study.metadata.spaceKey).toMatch(/^[0-9a-f]{16}$/);
    expect((study.metadata.algorithmConfig as { name: string }).name).toBe('regularizedEvolution');
    expect(trials.map((t) => t.status)).toEqual([
      'completed',
      'completed',
      'infeasible',
      'failed',
      'infeasible',
      'completed',
      'completed',
      'running',
      'pending',
    ]);
    const [enqueued, proposed, pruned] = trials;
    expect(enqueued!.metadata).toMatchObject({ enqueued: true, params: { width: 64, act: 'swish', lr: 0.01 }, user: { host: 'gpu-1' } });
    expect(enqueued!.metadata.links).toEqual({ tensorboard: 'http://tb/1' });
    expect(enqueued!.metadata.proposal).toBeUndefined();
    expect(proposed!.metadata.proposal).toBe(1); // trial id − 1: the enqueued trial 1 took number 0
    expect(proposed!.metadata.lineage).toBeDefined();
    expect(pruned!.metadata.pruned).toBe(true);
    expect(pruned!.measurements).toHaveLength(1);
    const warm = (await readStudyRecords(storage, 'warm'))!.study;
    expect(warm.metadata.warmStart).toHaveLength(4);
    expect(warm.metadata.warmStart![0]).toEqual({ dna: [null, 2, 1, 0.01], reward: 1.09 });
  });

  it('resumes to the trials it resumed to when it was written', async () => {
    const storage = openSqlite(v0Database());
    opened.push(storage);
    const study = await Study.create(space, algo(), { storage, name: 'cli' });
    const next = [];
    for (let i = 0; i < V0.resumed.cli.length; i++) {
      const fb = await study.ask();
      next.push({ id: fb.id, dna: fb.dna.toJSON() });
      await fb.report(score(fb.example as Point));
    }
    expect(next).toEqual(V0.resumed.cli);
  });
});

describe('refused records', () => {
  const record = (metadata: Record<string, unknown>) => ({ name: 's', algorithm: 'random', seed: 1, createdAt: 0, metadata });

  it('a newer format names both versions', () => {
    expect(() => storedStudy(record({ formatVersion: 99 }))).toThrow(StorageError);
    expect(() => storedStudy(record({ formatVersion: 99 }))).toThrow(
      /study "s": stored in record format 99 by a newer tsglove; this one reads up to format 1/,
    );
  });

  it('a badly typed field names its path', async () => {
    expect(() => storedStudy(record({ objectives: ['acc', 2] }))).toThrow(/study "s": metadata\.objectives\[1\]: expected str, got 2/);
    expect(() => storedStudy(record({ decisions: 'width' }))).toThrow(/metadata\.decisions: expected list/);
    // Refused when a study is created with it, before anything is stored.
    const storage = new MemoryStorage();
    await expect(Study.create(space, algo(), { storage, name: 'x', metadata: { objectives: [1] } })).rejects.toThrow(
      /metadata\.objectives\[0\]/,
    );
    expect(await storage.getStudy('x')).toBeUndefined();
  });
});

describe('what Study writes reads back', () => {
  it('user metadata and objectives survive, the format version is written (property)', async () => {
    const userKey = fc
      .string({ minLength: 1, maxLength: 8 })
      .filter(
        (k) =>
          ![
            'formatVersion',
            'decisions',
            'spaceKey',
            'algorithmConfig',
            'warmStart',
            'objectives',
            'module',
            'accelerator',
            '__proto__',
            'constructor',
          ].includes(k),
      );
    const json = fc.jsonValue({ maxDepth: 2 });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(userKey, json, { maxKeys: 4 }), fc.array(fc.string(), { maxLength: 3 }), async (user, objectives) => {
        const storage = openSqlite(join(tempDir(), 'p.db'));
        opened.push(storage);
        await Study.create(space, algo(), { storage, name: 'p', metadata: { ...user, objectives } });
        const { study } = (await readStudyRecords(storage, 'p'))!;
        expect(study.metadata.formatVersion).toBe(RECORD_FORMAT_VERSION);
        expect(study.metadata.objectives).toEqual(objectives);
        for (const [k, v] of Object.entries(user)) expect(study.metadata[k], k).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 25, verbose: true },
    );
  });
});
