/**
 * Every fenced code block of every README (the root one, CONTRIBUTING.md, packages/*\/README.md),
 * run or checked as written. If this fails, a README is out of date.
 *
 * - ```ts / ```js blocks run: each is written to test-artifacts/readme-snippets/ (so packages
 *   resolve from the repository) and run by Node through tsx with `--conditions=source`, in a fresh
 *   process whose working directory is a temporary directory (files a snippet writes land there).
 *   A block whose info string says `continued` runs as part of the block before it (one module:
 *   a tour told in steps). `ts run` (the symbolic README's marker) is the same as `ts`.
 * - A block that cannot run in a test says why in its info string: ```ts no-run: <reason>. The
 *   test lists those, and fails on a `no-run` without a reason.
 * - ```sh blocks are checked, not run: every `tsglove` command (`npx tsglove ...`,
 *   `npm run tsglove -- ...`) must name existing subcommands and options, every `npm run` script
 *   must exist, every `npm install @tsglove/*` package must exist, every file given to tsx must exist.
 * - ```text blocks (and untagged ones) are output shown to the reader; nothing to run.
 *
 * Snippets that read Fashion-MNIST from Debian's `dataset-fashion-mnist` are reported as skipped
 * where it is absent (see test/support/system.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '@tsglove/cli';
import { hasFashionMnist } from '@tsglove/train';
import { systemAvailable } from './support/system.js';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** One fenced block of a markdown file. */
interface Block {
  file: string;
  line: number;
  lang: string;
  /** The info string after the language, e.g. `continued`, `no-run: needs a GPU`. */
  info: string;
  code: string;
}

/** The markdown files whose blocks are run. */
function markdownFiles(): string[] {
  const packages = readdirSync(join(ROOT, 'packages')).map((p) => join('packages', p, 'README.md'));
  return ['README.md', 'CONTRIBUTING.md', ...packages].filter((f) => existsSync(join(ROOT, f)));
}

/** Every fenced block of `file` (indented ones too, e.g. inside a list item; the indent is removed). */
function fencedBlocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && !/^\s*```\s*$/.test(lines[i]!)) body.push(lines[i]!.slice(Math.min(indent, lines[i]!.search(/\S|$/))));
    if (i >= lines.length) throw new Error(`${file}:${start + 1}: a code block is never closed`);
    blocks.push({ file, line: start + 1, lang: open[2]!, info: open[3]!.trim(), code: body.join('\n') });
  }
  return blocks;
}

const blocks = markdownFiles().flatMap(fencedBlocks);
const runnable = (b: Block): boolean => (b.lang === 'ts' || b.lang === 'js') && !b.info.startsWith('no-run');

/** Runnable blocks grouped into programs: a `continued` block joins the program before it. */
function programs(): Block[][] {
  const out: Block[][] = [];
  for (const b of blocks.filter(runnable)) {
    if (b.info === 'continued') {
      const last = out.at(-1);
      if (!last || last[0]!.file !== b.file) throw new Error(`${b.file}:${b.line}: a \`continued\` block with no block before it`);
      last.push(b);
    } else out.push([b]);
  }
  return out;
}

const where = (b: Block): string => `${b.file}:${b.line}`;

/** Programs run at once (the test's runtime is CPU: one per core). */
const PARALLEL = 2;
let running = 0;
const waiting: Array<() => void> = [];

/** Runs `file` with tsx in `cwd` once fewer than {@link PARALLEL} runs are under way. */
async function runSnippet(file: string, cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [TSX, '--conditions=source', file], { cwd, timeout: 120_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

describe('README snippets', () => {
  const noRun = blocks.filter((b) => b.info.startsWith('no-run'));
  const shell = blocks.filter((b) => b.lang === 'sh' || b.lang === 'bash');
  const groups = programs();

  it('every block is run, checked or says why not', () => {
    const known = new Set(['ts', 'js', 'sh', 'bash', 'text', '']);
    for (const b of blocks) expect(known.has(b.lang), `${where(b)}: unknown block language "${b.lang}"`).toBe(true);
    for (const b of noRun) expect(b.info, `${where(b)}: a no-run block must say why (\`no-run: <reason>\`)`).toMatch(/^no-run: \S/);
    for (const b of blocks.filter((b) => b.lang === 'ts' || b.lang === 'js'))
      expect(['', 'run', 'continued'].includes(b.info) || b.info.startsWith('no-run'), `${where(b)}: unknown marker "${b.info}"`).toBe(
        true,
      );
    const ran = blocks.filter(runnable).length;
    console.log(
      `README snippets: ${ran} code blocks run as ${groups.length} programs, ${shell.length} shell blocks checked, ${noRun.length} marked no-run` +
        noRun.map((b) => `\n  ${where(b)}: ${b.info.slice('no-run: '.length)}`).join(''),
    );
    expect(ran).toBeGreaterThan(20);
  });

  describe.concurrent.each(groups.map((g) => [where(g[0]!), g] as const))('%s', (_name, group) => {
    const needsData = group.some((b) => /loadFashionMnist\((?![^)]*\bdir\b)/.test(b.code));
    if (needsData && !systemAvailable(hasFashionMnist(), { what: 'Fashion-MNIST', enable: 'apt-get install dataset-fashion-mnist' }))
      return;
    it.concurrent('runs as written', async () => {
      const first = group[0]!;
      const dir = join(ROOT, 'test-artifacts', 'readme-snippets');
      mkdirSync(dir, { recursive: true });
      const name = `${first.file.replace(/[/.]/g, '_')}_${first.line}.${first.lang === 'js' ? 'mjs' : 'ts'}`;
      const file = join(dir, name);
      const code = group.map((b) => b.code).join('\n');
      // A snippet that trains on loaded data chooses its backend first (issue 16: loading data
      // registered wasm, and the first tensor op failed or fell back to the slow cpu backend).
      if (/loadFashionMnist\(/.test(code)) expect(code, `${where(first)}: call initBackend before training`).toMatch(/initBackend\(/);
      const chosen = /initBackend\('(\w+)'\)/.exec(code)?.[1];
      // ...and then runs on it: the program prints the backend TF.js ended up with.
      const report = chosen
        ? "\nimport * as readmeTf from '@tensorflow/tfjs';\nconsole.log('readme-backend', readmeTf.getBackend());\n"
        : '';
      writeFileSync(file, `${code}${report}\nexport {};\n`);
      const cwd = mkdtempSync(join(tmpdir(), 'tsglove-readme-'));
      const run = await runSnippet(file, cwd);
      const out = `${relative(ROOT, file)}:\n${run.stderr.slice(-3000)}\n${run.stdout.slice(-1000)}`;
      expect(run.status, out).toBe(0);
      expect(run.stderr, out).not.toMatch(/has not yet been initialized|Error:/);
      if (chosen) expect(run.stdout, out).toContain(`readme-backend ${chosen}`);
    }, 150_000);
  });

  describe('shell blocks', () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    const ourPackages = new Set(
      readdirSync(join(ROOT, 'packages')).map((p) => JSON.parse(readFileSync(join(ROOT, 'packages', p, 'package.json'), 'utf8')).name),
    );
    const program = buildProgram({ stdout: { write: () => true }, stderr: { write: () => true } }, () => undefined);

    /** Checks `tsglove <args>`: subcommands exist, every option belongs to the command reached. */
    function checkTsglove(args: string[], at: string): void {
      let cmd: Command = program;
      let positional = false;
      for (const arg of args) {
        if (arg.startsWith('-')) {
          const flag = arg.split('=')[0]!;
          const known = ['--help', '-h', ...cmd.options.flatMap((o) => [o.long, o.short])];
          if (cmd === program) known.push('--version', '-V');
          expect(known, `${at}: \`tsglove ${args.join(' ')}\`: "${cmd.name()}" has no option ${flag}`).toContain(flag);
          continue;
        }
        const sub = positional ? undefined : cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
        if (sub) cmd = sub;
        else {
          expect(
            cmd.commands.length === 0 || positional,
            `${at}: \`tsglove ${args.join(' ')}\`: no subcommand "${arg}" of "${cmd.name()}"`,
          ).toBe(true);
          positional = true;
        }
      }
    }

    it.each(shell.map((b) => [where(b), b] as const))('%s names commands, scripts, packages and files that exist', (at, b) => {
      // One command per line (joined across `\` continuations), comments dropped, split at && ; |.
      const text = b.code.replace(/\\\n/g, ' ');
      for (const line of text.split('\n')) {
        for (const part of line.replace(/(^|\s)#.*$/, '').split(/&&|;|\|/)) {
          const words = part.trim().split(/\s+/).filter(Boolean);
          if (words.length === 0) continue;
          const [head, second, ...rest] = words;
          if (head === 'npx' && second === 'tsglove') checkTsglove(rest, at);
          else if (head === 'npm' && second === 'run') {
            expect(Object.keys(scripts), `${at}: no npm script "${rest[0]}"`).toContain(rest[0]);
            if (rest[0] === 'tsglove') checkTsglove(rest.slice(rest[1] === '--' ? 2 : 1), at);
          } else if (head === 'npm' && (second === 'install' || second === 'i')) {
            for (const pkg of rest.filter((w) => w.startsWith('@tsglove/'))) expect(ourPackages, `${at}: no package ${pkg}`).toContain(pkg);
          } else if (head === 'npx' && second === 'tsx') {
            for (const path of rest.filter((w) => /\.[cm]?[tj]s$/.test(w)))
              expect(existsSync(join(ROOT, path)), `${at}: no file ${path}`).toBe(true);
          }
        }
      }
    });
  });
});
