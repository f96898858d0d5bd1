/**
 * Spawning worker processes and reading their line output. A worker is `node --import tsx
 * --conditions=source <script>` (what `npx tsx --conditions=source <script>` runs, minus tsx's
 * wrapper process), so SIGKILL hits the process that runs the study, not a parent that would leave it
 * running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A running worker: its output lines so far, and its exit. */
export interface Worker {
  proc: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with the first line matching (rejects if the process exits first). */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node --import tsx --conditions=source <script> ...args` in the repository root. */
export function spawnWorker(script: string, args: readonly string[], env: Record<string, string> = {}): Worker {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let err = '';
  let partial = '';
  const waiters: Array<{ match: (l: string) => boolean; resolve: (l: string) => void; reject: (e: Error) => void }> = [];
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (c: string) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`${script} exited (${code ?? signal}) before the line; stderr:\n${err}`));
      resolve({ code, signal });
    });
  });
  return {
    proc,
    lines,
    stderr: () => err,
    exited,
    waitForLine(match) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => waiters.push({ match, resolve, reject }));
    },
  };
}

/** The `ack <id> <reward>` lines as [id, reward] pairs, in order (duplicates kept). */
export function acks(lines: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const l of lines) {
    const m = /^ack (\d+) (\S+)$/.exec(l);
    if (m) out.push([Number(m[1]), Number(m[2])]);
  }
  return out;
}
