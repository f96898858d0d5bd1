/**
 * The `tsglove` command tree (commander 14). `run(args, io)` parses and runs one command and
 * resolves with the exit code (see `errors.ts`); nothing here calls `process.exit`.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { redactUrl, SearchError } from '@tsglove/search';
import { ALGORITHMS, algorithmName } from './algorithms.js';
import { ACCELERATOR_NAMES, hwEstimate } from './commands/hw.js';
import { searchCommand, type SearchFlags } from './commands/search.js';
import { EXPORT_FORMATS, studyExport, studyList, studyReap, studyShow } from './commands/study.js';
import { studyCopy, studyDelete, studyRename } from './commands/study-admin.js';
import { CliError, EXIT, positiveInt, usageError } from './errors.js';
import { processIO, type CliIO } from './io.js';
import { openReadable } from './storage.js';
import { loadSpaceModule } from './space-module.js';
import { isLoopback, startDashboard, type Dashboard } from './dashboard/server.js';

const STORAGE_HELP = 'storage URL: sqlite:<file> (default engine), postgres://user@host:port/db, memory:';

function fullName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Builds the command tree; `done(code)` records an action's exit code; `onDashboard` gets a started dashboard. */
export function buildProgram(io: CliIO, done: (code: number) => void, onDashboard?: (d: Dashboard) => void): Command {
  const program = new Command('tsglove')
    .description('symbolic AutoML for TypeScript: run searches, inspect studies, estimate models on hardware, serve a study dashboard')
    .version('0.1.0');

  const act = (fn: (...args: any[]) => Promise<number>) =>
    async function (this: Command, ...args: unknown[]) {
      try {
        done(await fn(...args));
      } catch (error) {
        // Messages may quote a storage URL: never print its credentials.
        if (error instanceof CliError) {
          io.stderr.write(`error: ${redactUrl(error.message)}\n`);
          if (error.showUsage)
            io.stderr.write(`usage: ${fullName(this)} ${this.usage()}\n(run \`${fullName(this)} --help\` for details)\n`);
          done(error.exitCode);
        } else if (error instanceof SearchError) {
          io.stderr.write(`error: ${redactUrl(error.message)}\n`);
          done(EXIT.failure);
        } else {
          io.stderr.write(
            `error: ${redactUrl((error as Error).message)}\n${process.env.TSGLOVE_DEBUG ? redactUrl(String((error as Error).stack)) + '\n' : ''}`,
          );
          done(EXIT.failure);
        }
      }
    };

  program
    .command('search')
    .description('run a search over a space module (exports `space` and `evaluate(example)`; see the README)')
    .argument('<space-module>', 'a .ts/.js module exporting `space` and `evaluate`')
    .addOption(
      new Option('--algo <name>', 'search algorithm (the name its study stores)')
        .choices(ALGORITHMS)
        .argParser(parseAlgorithm)
        .default('evolution'),
    )
    .option('--trials <n>', 'trials in the whole study (resumed ones count)', '100')
    .addOption(
      new Option('--storage <url>', `${STORAGE_HELP} (or the TSGLOVE_STORAGE environment variable, which keeps a password out of \`ps\`)`)
        .env('TSGLOVE_STORAGE')
        .default('sqlite:./tsglove.db'),
    )
    .option('--name <study>', 'study name; an existing study of this name resumes (default: the module file name)')
    .option('--seed <n>', 'seed of the algorithm', '0')
    .option('--workers <n>', 'worker processes sharing the study (needs sqlite: or postgres://)', '1')
    .option('--timeout <seconds>', 'start no trial after this many seconds (running ones finish; the study resumes later)')
    .option('-q, --quiet', 'no progress bar and no summary')
    .action(act((file: string, flags: SearchFlags) => searchCommand(file, flags, io)));

  const study = program.command('study').description('list, show, export, delete, rename or copy the studies in a storage');
  study
    .command('list')
    .description('the studies in a storage, with counts and best rewards')
    .argument('<storage>', STORAGE_HELP)
    .option('--json', 'print JSON')
    .action(act((url: string, flags: { json?: boolean }) => studyList(url, flags, io)));
  study
    .command('show')
    .description("one study's settings and trials")
    .argument('<storage>', STORAGE_HELP)
    .argument('<name>', 'study name')
    .option('--limit <n>', 'show only the first n trials')
    .action(act((url: string, name: string, flags: { limit?: string }) => studyShow(url, name, flags, io)));
  study
    .command('reap')
    .description("hand a study's expired trials (their worker stopped beating for staleMs) back to the queue")
    .argument('<storage>', STORAGE_HELP)
    .argument('<name>', 'study name')
    .action(act((url: string, name: string) => studyReap(url, name, io)));
  study
    .command('export')
    .description("a study's trials as CSV, JSON or JSON lines: one column per objective, metric and parameter")
    .argument('<storage>', STORAGE_HELP)
    .argument('<name>', 'study name')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('csv'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(act((url: string, name: string, flags: { format: string; output?: string }) => studyExport(url, name, flags, io)));
  study
    .command('delete')
    .description('delete a study with its trials')
    .argument('<storage>', STORAGE_HELP)
    .argument('<name>', 'study name')
    .action(act((url: string, name: string) => studyDelete(url, name, io)));
  study
    .command('rename')
    .description('rename a study')
    .argument('<storage>', STORAGE_HELP)
    .argument('<name>', 'study name')
    .argument('<new-name>', 'new study name')
    .action(act((url: string, name: string, newName: string) => studyRename(url, name, newName, io)));
  study
    .command('copy')
    .description('copy a study (trials, rewards, measurements, completion order) under a new name, here or to another storage')
    .argument('<storage>', STORAGE_HELP)
    .argument('<name>', 'study name')
    .argument('<new-name>', 'name of the copy')
    .option('--to <storage>', 'copy into this storage instead (e.g. a sqlite: file to postgres://)')
    .action(act((url: string, name: string, newName: string, flags: { to?: string }) => studyCopy(url, name, newName, flags, io)));

  const hw = program.command('hw').description('hardware cost model');
  hw.command('estimate')
    .description('per-layer and total latency, utilization and energy of a model preset on an accelerator')
    .argument('<model>', 'model preset, e.g. efficientnet-b0, resnet50, mobilenetv2, nas-bench-macro-01201120')
    .addOption(new Option('--accel <name>', 'accelerator preset').choices(ACCELERATOR_NAMES).makeOptionMandatory())
    .option('--top <n>', 'show only the n slowest layers')
    .option('--json', 'print the raw estimate as JSON')
    .action(act((model: string, flags: { accel: string; top?: string; json?: boolean }) => hwEstimate(model, flags, io)));

  program
    .command('dashboard')
    .description('serve a read-only study dashboard on 127.0.0.1 (live: the page polls while studies run)')
    .argument('<storage>', STORAGE_HELP)
    .option('--port <n>', 'port (0: any free port)', '8377')
    .option('--host <host>', 'address to listen on (anything but loopback needs a token)', '127.0.0.1')
    .option(
      '--allow-host <name>',
      'also accept requests whose Host header is this name (repeatable; e.g. behind a proxy)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--token <secret>', 'require this secret on every request (generated and printed once when --host is not loopback)')
    .option(
      '--space <module>',
      "the studies' space module: the trial page then shows each child program (and, with --accel, its cost on hardware)",
    )
    .addOption(
      new Option('--accel <name>', 'accelerator for the per-layer cost and roofline of model children on the trial page').choices(
        ACCELERATOR_NAMES,
      ),
    )
    .action(
      act(
        async (url: string, flags: { port: string; host: string; allowHost: string[]; token?: string; space?: string; accel?: string }) => {
          const port = positiveInt('--port', flags.port, 0, 65535);
          const space = flags.space === undefined ? undefined : (await loadSpaceModule(flags.space, io.cwd ?? process.cwd())).space;
          let token = flags.token;
          if (token !== undefined && token.length < 8) throw usageError('--token must be at least 8 characters');
          if (!isLoopback(flags.host)) {
            io.stderr.write(
              `warning: --host ${flags.host} is not loopback: the dashboard is reachable from other machines and requires its token\n`,
            );
            token ??= randomBytes(18).toString('base64url');
          }
          const storage = await openReadable(url, io.cwd ?? process.cwd());
          const dashboard = await startDashboard(storage, {
            host: flags.host,
            port,
            title: url,
            allowHosts: flags.allowHost,
            token,
            space,
            accelerator: flags.accel,
          });
          dashboard.server.on('close', () => void storage.close());
          io.stdout.write(`dashboard for ${redactUrl(url)} at ${dashboard.url} (Ctrl-C to stop)\n`);
          onDashboard?.(dashboard);
          return EXIT.ok;
        },
      ),
    );

  // Bad flags: one line, then the command's usage; help and version: exit 0.
  const visit = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    cmd.showHelpAfterError(`usage: ${fullName(cmd)} ${cmd.usage()}\n(run \`${fullName(cmd)} --help\` for details)`);
    cmd.commands.forEach(visit);
  };
  visit(program);
  return program;
}

/** Runs `tsglove <args>`; resolves with the exit code. */
export async function run(args: readonly string[], io: CliIO = processIO(), onDashboard?: (d: Dashboard) => void): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c), onDashboard);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return code;
}

/** `--algo`: a listed name or an old spelling of one (`cma-es`), given as the listed name. */
function parseAlgorithm(name: string): string {
  try {
    return algorithmName(name);
  } catch {
    throw new InvalidArgumentError(`Allowed choices are ${ALGORITHMS.join(', ')}.`);
  }
}
