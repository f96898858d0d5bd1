/**
 * The JSON routes behind the dashboard's explaining views (the server dispatches to them):
 * - `GET /api/studies/<name>/importance`: parameter importance (`importance.ts`), computed once per
 *   number of completed trials and cached;
 * - `GET /api/studies/<name>/trials/<id>`: the trial page's data (`trial-detail.ts`).
 */
import { storedStudy, storedTrial, type SharedStudyStorage } from '@tsglove/search';
import { paramImportance, type ImportanceResult } from './importance.js';
import { trialDetail, type TrialContext } from './trial-detail.js';

/** A route's answer. */
export interface RouteAnswer {
  status: number;
  body: unknown;
}

/** Makes the route handler; undefined from it means "not one of these routes". */
export function explainRoutes(storage: SharedStudyStorage, context: TrialContext): (path: string) => Promise<RouteAnswer | undefined> {
  const cache = new Map<string, { completed: number; result: ImportanceResult | undefined }>();
  return async (path) => {
    const m = /^\/api\/studies\/([^/]+)\/(importance|trials\/(\d+))$/.exec(path);
    if (!m) return undefined;
    const name = decodeURIComponent(m[1]!);
    const record = await storage.getStudy(name);
    if (!record) return { status: 404, body: { error: `no study named ${JSON.stringify(name)}` } };
    if (m[2] === 'importance') {
      const summary = (await storage.listStudies()).find((s) => s.name === name);
      const completed = summary?.numCompleted ?? 0;
      let hit = cache.get(name);
      if (!hit || hit.completed !== completed) {
        const version = storedStudy(record).metadata.formatVersion;
        const trials = (await storage.listTrials(name, { status: ['completed'] })).map((t) => storedTrial(t, version));
        hit = { completed, result: paramImportance(trials) };
        cache.set(name, hit);
      }
      return { status: 200, body: hit.result ?? { params: [], trials: completed, note: 'too few completed trials with parameters' } };
    }
    const id = Number(m[3]);
    const trial = await storage.getTrial(name, id);
    if (!trial) return { status: 404, body: { error: `study ${JSON.stringify(name)} has no trial ${id}` } };
    const study = storedStudy(record);
    return { status: 200, body: trialDetail(storedTrial(trial, study.metadata.formatVersion), study, context) };
  };
}
