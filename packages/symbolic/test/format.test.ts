import { describe, expect, it } from 'vitest';
import { format, Dict, List, MISSING, t, symbolic } from '@tsglove/symbolic';
import { Block, type Net, Stage, makeNet } from './fixtures.js';

describe('format', () => {
  it('renders small objects on one line with their class name', () => {
    expect(format(new Block({ kernel: 5 }))).toBe("Block(kernel=5, expand=6, act='swish')");
    expect(format(new Block({ se: 0.25 }))).toBe("Block(kernel=3, expand=6, act='swish', se=0.25)");
  });

  it('hides fields equal to their default on request', () => {
    expect(format(new Block({ kernel: 5 }), { hideDefaults: true })).toBe('Block(kernel=5)');
    expect(format(new Block(), { hideDefaults: true })).toBe('Block()');
    expect(format(makeNet([1]), { hideDefaults: true, compact: true })).toBe('Net(stem=32, stages=[Stage(blocks=[Block()])])');
  });

  it('compact keeps everything on one line', () => {
    const text = format(makeNet([2, 1]), { compact: true });
    expect(text).not.toContain('\n');
    expect(text).toBe(
      "Net(stem=32, stages=[Stage(blocks=[Block(kernel=3, expand=6, act='swish'), Block(kernel=3, expand=6, act='swish')], name='stage'), " +
        "Stage(blocks=[Block(kernel=3, expand=6, act='swish')], name='stage')], head=1280, meta={})",
    );
  });

  it('breaks long values into indented lines, keeping short children on one line', () => {
    const text = format(new Stage({ blocks: [new Block(), new Block({ kernel: 5 })] }));
    expect(text).toBe(
      [
        'Stage(',
        '  blocks=[',
        "    Block(kernel=3, expand=6, act='swish'),",
        "    Block(kernel=5, expand=6, act='swish')",
        '  ],',
        "  name='stage'",
        ')',
      ].join('\n'),
    );
    const indented = format(new Stage({ blocks: [new Block(), new Block()] }), { indent: 4 });
    expect(indented.split('\n')[1]).toBe('    blocks=[');
    expect(format(new Block(), { maxWidth: 10 }).split('\n')).toHaveLength(5);
  });

  it('renders dicts, lists, strings, special numbers and missing values', () => {
    expect(format(new Dict({ a: "it's", b: [1, -0, NaN], c: null }))).toBe("{a: 'it\\'s', b: [1, -0, NaN], c: null}");
    expect(format(List.of())).toBe('[]');
    expect(format({ f: function named() {} })).toBe('{f: <function named>}');
    const Req = symbolic('fmt.Req', { x: t.int() });
    expect(format(Req.partial())).toBe('Req(x=MISSING)');
    expect(format(MISSING)).toBe('MISSING');
    expect(format(new Date(0))).toBe('<Date>');
  });

  it('toString and symFormat use format', () => {
    const net: Net = makeNet([1]);
    expect(net.symFormat({ compact: true })).toBe(format(net, { compact: true }));
    expect(`${net}`).toBe(format(net));
  });
});
