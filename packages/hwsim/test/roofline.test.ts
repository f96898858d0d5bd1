import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { edgeTpu, estimate, mobileNetOps, roofline, tpuV3, type Op } from '@tsglove/hwsim';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-artifacts');

/** Checks tags are balanced (XML-ish): every opened element is closed in order. */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

describe('roofline', () => {
  it('renders MobileNet on TPU v3 as SVG with one point per op, both roofs and labelled axes', () => {
    const ops = mobileNetOps();
    const svg = roofline(tpuV3(), ops, { title: 'MobileNet on TPU v3' });
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'hwsim-roofline-mobilenet-tpuv3.svg'), svg);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(svg.match(/<circle class="op"/g)?.length).toBe(ops.length);
    expect(svg).toContain('class="roof-compute"');
    expect(svg).toContain('class="roof-bandwidth"');
    expect(svg).toContain('Operational intensity');
    expect(svg).toContain('Attained performance');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('places memory-bound ops left of the ridge and escapes names', () => {
    const ops: Op[] = [
      { kind: 'elementwise', name: 'a<b>&"c"', fn: 'add', elements: 1 << 20, inputs: 2 },
      { kind: 'matmul', name: 'mm', m: 2048, k: 2048, n: 2048 },
    ];
    const svg = roofline(edgeTpu(), ops);
    writeFileSync(join(artifacts, 'hwsim-roofline-edgetpu.svg'), svg);
    expect(balanced(svg)).toBe(true);
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    const xs = [...svg.matchAll(/<circle class="op" cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(2);
    expect(xs[0]!).toBeLessThan(xs[1]!);
    const est = estimate(edgeTpu(), ops);
    expect(est.layers[0]!.stallCycles).toBeGreaterThan(0);
  });

  it('rejects bad input like estimate does', () => {
    const plain = {
      rows: 0,
      cols: 8,
      dataflow: 'os' as const,
      ifmapSramKiB: 1,
      filterSramKiB: 1,
      ofmapSramKiB: 1,
      dramGBps: 1,
      clockMHz: 100,
      bytesPerWord: 1,
    };
    expect(() => roofline(plain, [])).toThrow('accelerator.rows: expected int >= 1, got 0');
    expect(() => roofline({ ...plain, rows: 8 }, [{ kind: 'matmul', name: 'x', m: 0, k: 1, n: 1 }])).toThrow(/^ops\[0\]\.m: /);
    expect(roofline({ ...plain, rows: 8 }, [])).toContain('</svg>');
  });
});
