/**
 * Interleaved timing against PyTorch for the training benches (train.bench.ts, train-mbconv.bench.ts):
 * `bench/train_torch.py --serve` runs one PyTorch window per request, so tsglove's windows and
 * PyTorch's (1 thread, then 2) alternate and see the same load on a shared machine. Each side
 * reports its best window (least disturbed) and its median window.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { median, type WorkloadResult } from './harness.js';

/** bench/train_torch.py. */
export const TORCH_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'train_torch.py');

/** The network train_torch.py trains (`--net`) and its batch size. */
export interface TorchNet {
  net: 'cnn' | 'mbconv';
  batch: number;
}

/** The first python3 that imports torch, or null. */
export function findPython(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) return python;
  }
  return null;
}

/** bench/train_torch.py --serve: one PyTorch timing window per request. */
class TorchServer {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
    private readonly rl: Interface,
    readonly version: string,
  ) {}

  static async start(net: TorchNet): Promise<TorchServer | null> {
    const python = findPython();
    if (!python) return null;
    const child = spawn(python, [TORCH_SCRIPT, '--serve', '--net', net.net, '--batch', String(net.batch)]);
    const rl = createInterface({ input: child.stdout });
    const lines = rl[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error('train_torch.py --serve exited before it was ready');
    return new TorchServer(child, lines, rl, (JSON.parse(first.value) as { torchVersion: string }).torchVersion);
  }

  async window(threads: number, seconds: number): Promise<number> {
    this.child.stdin.write(`${threads} ${seconds}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('train_torch.py --serve exited');
    return (JSON.parse(line.value) as { imagesPerSec: number }).imagesPerSec;
  }

  close(): void {
    this.rl.close();
    this.child.stdin.end();
    this.child.kill();
  }
}

/** Best and median of some images/s windows. */
export interface Rates {
  best: number;
  median: number;
  windows: number[];
}

function rates(windows: number[]): Rates {
  return { best: Math.max(...windows), median: median(windows), windows };
}

/** One tsglove window: runs `step` for about `seconds` (at least once); returns images/s. */
async function ourWindow(step: () => unknown, seconds: number, batch: number): Promise<number> {
  let done = 0;
  const start = performance.now();
  do {
    await step();
    done++;
  } while (performance.now() - start < seconds * 1000);
  return (done * batch * 1000) / (performance.now() - start);
}

/** What {@link interleaved} measured. */
export interface Interleaved {
  ours: Rates;
  torch1?: Rates;
  torch2?: Rates;
  torchVersion?: string;
}

/** Interleaves `windows` tsglove windows with PyTorch windows (1 and 2 threads) of `net`. */
export async function interleaved(step: () => unknown, windows: number, seconds: number, net: TorchNet): Promise<Interleaved> {
  const torch = await TorchServer.start(net);
  const ours: number[] = [];
  const t1: number[] = [];
  const t2: number[] = [];
  try {
    for (let w = 0; w < windows; w++) {
      ours.push(await ourWindow(step, seconds, net.batch));
      if (torch) {
        t1.push(await torch.window(1, Math.min(seconds, 3)));
        t2.push(await torch.window(2, Math.min(seconds, 3)));
      }
    }
  } finally {
    torch?.close();
  }
  return torch ? { ours: rates(ours), torch1: rates(t1), torch2: rates(t2), torchVersion: torch.version } : { ours: rates(ours) };
}

/** The workload result of an interleaved run; `goal` is the wanted ratio to 1-thread PyTorch. */
export function interleavedReport(r: Interleaved, note: string, goal = 0.33): WorkloadResult {
  const metrics: Record<string, number> = {
    imagesPerSec: r.ours.best,
    medianImagesPerSec: r.ours.median,
    windows: r.ours.windows.length,
    // Other processes share the 2 cores: the 1-minute load average says how busy the machine was.
    loadAverage1m: loadavg()[0]!,
  };
  let torchNote = ' (python3 + torch not found: no PyTorch reference.)';
  if (r.torch1 && r.torch2) {
    Object.assign(metrics, {
      torch1ImagesPerSec: r.torch1.best,
      torch1MedianImagesPerSec: r.torch1.median,
      torch2ImagesPerSec: r.torch2.best,
      torch2MedianImagesPerSec: r.torch2.median,
      ratioVsTorch1: r.ours.best / r.torch1.best,
      medianRatioVsTorch1: r.ours.median / r.torch1.median,
      ratioVsTorch2: r.ours.best / r.torch2.best,
      medianRatioVsTorch2: r.ours.median / r.torch2.median,
    });
    torchNote =
      ` Interleaved PyTorch ${r.torchVersion} windows: ${r.torch1.best.toFixed(0)} images/s with 1 thread ` +
      `(median ${r.torch1.median.toFixed(0)}), ${r.torch2.best.toFixed(0)} with 2 (median ${r.torch2.median.toFixed(0)}). ` +
      `Ratio to 1-thread PyTorch: ${(r.ours.best / r.torch1.best).toFixed(2)} best-to-best, ` +
      `${(r.ours.median / r.torch1.median).toFixed(2)} median-to-median (goal ≥ ${goal}); to 2-thread PyTorch: ` +
      `${(r.ours.best / r.torch2.best).toFixed(2)} best-to-best, ${(r.ours.median / r.torch2.median).toFixed(2)} median-to-median.`;
  }
  return {
    primary: 'imagesPerSec',
    unit: 'images/s',
    metrics,
    ...(r.torch1 ? { reference: { value: r.torch1.best, label: `PyTorch ${r.torchVersion}, 1 thread` } } : {}),
    markdown:
      `${note} Best of ${r.ours.windows.length} windows: ${r.ours.best.toFixed(1)} images/s (median ${r.ours.median.toFixed(1)}).` +
      `${torchNote} 1-minute load average at the end: ${loadavg()[0]!.toFixed(1)} on 2 cores.`,
  };
}
