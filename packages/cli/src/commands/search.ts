/**
 * `tsglove search <space-module> --algo A --trials N --storage URL --name S --workers W`: runs a
 * study over the module's space (see `space-module.ts`). With `--workers W > 1` it starts W worker
 * processes on the same (SQLite or PostgreSQL) study and shows their combined progress.
 */
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { selfCommand } from '../self-command.js';
import { paramsOf, redactUrl, sample, scalarReward, type SharedStudyStorage, type StudyStorage, type TrialRecord } from '@tsglove/search';
import { makeAlgorithm } from '../algorithms.js';
import { CliError, EXIT, positiveInt, usageError } from '../errors.js';
import { formatNumber, type CliIO } from '../io.js';
import { progress } from '../progress.js';
import { loadSpaceModule } from '../space-module.js';
import { absoluteUrl, openForCli } from '../storage.js';

/** Options of `tsglove search`, as commander parses them. */
export interface SearchFlags {
  algo: string;
  trials: string;
  storage: string;
  name?: string;
  seed: string;
  workers: string;
  timeout?: string;
  quiet?: boolean;
}

/** Runs the search; returns the exit code. */
export async function searchCommand(file: string, flags: SearchFlags, io: CliIO): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const trials = positiveInt('--trials', flags.trials);
  const workers = positiveInt('--workers', flags.workers);
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) throw usageError(`--seed must be an integer, got ${JSON.stringify(flags.seed)}`);
  const name = flags.name ?? basename(file).replace(/\.[cm]?[jt]s$/, '');
  const timeout = flags.timeout === undefined ? undefined : Number(flags.timeout);
  if (timeout !== undefined && !(timeout > 0))
    throw usageError(`--timeout must be a number of seconds > 0, got ${JSON.stringify(flags.timeout)}`);
  makeAlgorithm(flags.algo, seed); // a bad name is a usage error before anything starts
  if (workers > 1) {
    if (flags.storage === 'memory:')
      throw usageError('--workers > 1 needs a storage the workers share (sqlite:<file> or postgres://...), not memory:');
    return runWorkers(file, flags, { trials, workers, name, cwd }, io);
  }
  const mod = await loadSpaceModule(file, cwd);
  const storage = await openForCli(flags.storage, cwd);
  const bar = progress(io, trials, { quiet: flags.quiet });
  /** Failure reasons of this run's failed trials (bad rewards, throwing evaluations), by trial id. */
  const failures = new Map<number, string>();
  const started = performance.now();
  try {
    const sampling = sample(mod.space, makeAlgorithm(flags.algo, seed), {
      storage,
      name,
      seed,
      numExamples: trials,
      timeout,
      metadata: { module: basename(file), objectives: mod.objectives },
      onTrial: (e) => {
        if (e.trial.status === 'failed') failures.set(e.trial.id, e.trial.reason ?? 'failed');
        bar.update(e.numTrials, e.best && scalarReward(e.best.reward));
      },
      // Failures are summed up after the run (below), not printed over the progress bar.
      onWarning: (message) => {
        if (!/ failed: /.test(message)) io.stderr.write(`warning: ${message}\n`);
      },
    });
    const study = await sampling.study.catch((error: Error) => {
      throw new CliError(error.message);
    });
    bar.update(study.numTrials, study.best && scalarReward(study.best.reward));
    const before = study.numTrials;
    for await (const [example, feedback] of sampling) {
      let result;
      try {
        result = await mod.evaluate(example);
      } catch (error) {
        await feedback.fail(`evaluate: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      await feedback.report(result); // a bad reward fails the trial (Study.tell), the loop goes on
    }
    bar.stop();
    if (failures.size > 0) io.stderr.write(failureSummary(failures));
    const stoppedOnTime = timeout !== undefined && study.numTrials < trials && performance.now() - started >= timeout * 1000;
    if (!flags.quiet) {
      if (stoppedOnTime)
        io.stdout.write(
          `stopped on time: --timeout ${flags.timeout} s reached after ${study.numTrials - before} new trials; the study has ${study.numTrials} of the ${trials} asked for (run again to resume)\n`,
        );
      io.stdout.write(await summary(storage, name, flags.storage));
    }
    return EXIT.ok;
  } finally {
    bar.stop();
    await storage.close?.();
  }
}

/** What stderr says about this run's failed trials: how many, and each distinct reason once (with its trials). */
export function failureSummary(failures: ReadonlyMap<number, string>): string {
  const byReason = new Map<string, number[]>();
  for (const [id, reason] of failures) byReason.set(reason, [...(byReason.get(reason) ?? []), id]);
  let out = `warning: ${failures.size} trial(s) failed and are stored as failed; the search went on (see \`tsglove study show\`):\n`;
  for (const [reason, ids] of byReason)
    out += `  ${ids.length > 5 ? `trials ${ids.slice(0, 5).join(', ')}, ... (${ids.length})` : `trial${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`}: ${reason}\n`;
  return out;
}

/** A one-paragraph summary of a study: counts and the best trial. */
async function summary(storage: StudyStorage, name: string, url: string): Promise<string> {
  const all = await storage.listTrials(name);
  const done = all.filter((t) => t.status === 'completed');
  const best = done.reduce<TrialRecord | undefined>((b, t) => (!b || scalarReward(t.reward!) > scalarReward(b.reward!) ? t : b), undefined);
  const counts = ['completed', 'failed', 'infeasible', 'running', 'pending']
    .map((s) => [s, all.filter((t) => t.status === s).length] as const)
    .filter(([, n]) => n > 0);
  let out = `study ${JSON.stringify(name)} in ${redactUrl(url)}: ${all.length} trials (${counts.map(([s, n]) => `${n} ${s}`).join(', ')})\n`;
  if (best) {
    const reward = Array.isArray(best.reward) ? `[${best.reward.map(formatNumber).join(', ')}]` : formatNumber(best.reward as number);
    out += `best: trial ${best.id}, reward ${reward}\n`;
    const params = paramsOf(best);
    if (params) out += `params: ${JSON.stringify(params)}\n`;
  }
  return out;
}

/**
 * The command line and environment of one worker process of `search --workers N`. The storage URL
 * (maybe with a password) goes through the environment (`TSGLOVE_STORAGE`), never argv, which
 * `ps` shows to every user of the machine.
 */
export function workerCommand(
  file: string,
  flags: SearchFlags,
  o: { trials: number; name: string; url: string },
): { args: string[]; env: NodeJS.ProcessEnv } {
  const args = [
    'search',
    file,
    '--algo',
    flags.algo,
    '--trials',
    String(o.trials),
    '--name',
    o.name,
    '--seed',
    flags.seed,
    '--workers',
    '1',
    '--quiet',
    ...(flags.timeout === undefined ? [] : ['--timeout', flags.timeout]),
  ];
  return { args: [...selfCommand(), ...args], env: { ...process.env, TSGLOVE_STORAGE: o.url } };
}

/** Starts `workers` processes of this command on one study and reports their combined progress. */
async function runWorkers(
  file: string,
  flags: SearchFlags,
  o: { trials: number; workers: number; name: string; cwd: string },
  io: CliIO,
): Promise<number> {
  const url = absoluteUrl(flags.storage, o.cwd);
  const storage = (await openForCli(url, o.cwd)) as SharedStudyStorage;
  const bar = progress(io, o.trials, { quiet: flags.quiet });
  const { args, env } = workerCommand(file, flags, { ...o, url });
  const errors: string[] = [];
  const exits = Array.from({ length: o.workers }, (_, i) => {
    const child = spawn(process.execPath, args, { cwd: o.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    return new Promise<number>((resolve) =>
      child.on('exit', (code, signal) => {
        if (code !== 0) errors.push(`worker ${i + 1} exited with ${code ?? signal}: ${err.trim().split('\n').pop() ?? ''}`);
        resolve(code ?? EXIT.failure);
      }),
    );
  });
  const poll = setInterval(() => void refresh(), 500);
  const refresh = async () => {
    const trials = await storage.listTrials(o.name).catch(() => []);
    const done = trials.filter((t) => t.status === 'completed');
    bar.update(
      trials.length - trials.filter((t) => t.status === 'running').length,
      done.length ? Math.max(...done.map((t) => scalarReward(t.reward!))) : undefined,
    );
  };
  try {
    const codes = await Promise.all(exits);
    clearInterval(poll);
    await refresh();
    bar.stop();
    for (const e of errors) io.stderr.write(`${e}\n`);
    const worst = Math.max(...codes);
    if (!flags.quiet && (await storage.getStudy(o.name))) io.stdout.write(await summary(storage, o.name, flags.storage));
    return worst === 0 ? EXIT.ok : worst;
  } finally {
    clearInterval(poll);
    bar.stop();
    await storage.close();
  }
}
