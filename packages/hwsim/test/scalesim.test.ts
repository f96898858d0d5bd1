import { describe, expect, it } from 'vitest';
import { fromJSON, toJSON } from '@tsglove/symbolic';
import {
  areaMM2,
  edgeTpu,
  estimate,
  HwsimError,
  parseScaleSimConfig,
  peakOpsPerSecond,
  ScaleSimFormatError,
  scaleSimLayerOp,
  systolicFromScaleSim,
  tpuV3,
  validateOp,
} from '@tsglove/hwsim';
import { intCell, outSize, parseCsv } from './internals.js';

const cfgText = `[general]
run_name = demo

[architecture_presets]
ArrayHeight:    16
ArrayWidth:     8
IfmapSramSzkB:   32
FilterSramSzkB:  16
OfmapSramSzkB:   8
Dataflow : ws
Bandwidth : 4

[run_presets]
InterfaceBandwidth: USER
`;

describe('SCALE-Sim readers', () => {
  it('parse a .cfg into an hwsim config', () => {
    const cfg = parseScaleSimConfig(cfgText);
    expect(cfg).toEqual({
      runName: 'demo',
      rows: 16,
      cols: 8,
      ifmapSramKiB: 32,
      filterSramKiB: 16,
      ofmapSramKiB: 8,
      dataflow: 'ws',
      bandwidthWordsPerCycle: 4,
      interfaceBandwidth: 'USER',
    });
    expect(systolicFromScaleSim(cfg)).toMatchObject({ rows: 16, cols: 8, dataflow: 'ws', dramGBps: 4, bytesPerWord: 1 });
    expect(systolicFromScaleSim({ ...cfg, interfaceBandwidth: 'CALC' }).dramGBps).toBe(1e12);
  });

  it('read topology rows (SCALE-Sim column names) and result rows alike', () => {
    const topo = parseCsv(
      'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nConv1, 224, 224, 3, 3, 3, 32, 2,\n',
    );
    expect(scaleSimLayerOp(topo[0]!)).toEqual({
      kind: 'conv2d',
      name: 'Conv1',
      ifmapH: 224,
      ifmapW: 224,
      filterH: 3,
      filterW: 3,
      channels: 3,
      numFilters: 32,
      stride: 2,
    });
    const res = parseCsv('layer_id,name,ifmap_h,ifmap_w,filt_h,filt_w,channels,num_filt,stride\n0,C,8,8,1,1,4,2,1\n');
    expect(scaleSimLayerOp(res[0]!)).toMatchObject({ name: 'C', ifmapH: 8, numFilters: 2 });
  });

  it('reject malformed files naming the field', () => {
    expect(() => parseScaleSimConfig(cfgText.replace('ArrayHeight:    16', ''))).toThrow('cfg.ArrayHeight: expected a number, got nothing');
    expect(() => parseScaleSimConfig(cfgText.replace('ArrayWidth:     8', 'ArrayWidth: eight'))).toThrow(
      /^cfg\.ArrayWidth: expected a number, got "eight"$/,
    );
    expect(() => parseScaleSimConfig(cfgText.replace('Dataflow : ws', 'Dataflow : rs'))).toThrow(
      /^cfg\.Dataflow: expected os, ws or is, got "rs"$/,
    );
    expect(() => parseCsv('  \n')).toThrow(ScaleSimFormatError);
    const rows = parseCsv('name,ifmap_h\nA,x\n');
    expect(() => intCell(rows[0]!, 'ifmap_h', 0)).toThrow('csv[0].ifmap_h: expected an integer, got "x"');
    expect(() => intCell(rows[0]!, 'stride', 0)).toThrow('csv[0].stride: expected an integer, got no such column');
    expect(() => scaleSimLayerOp(rows[0]!, 4)).toThrow(/^csv\[4\]\.ifmap_h: /);
    expect(() => scaleSimLayerOp(rows[0]!, 4)).toThrow(HwsimError);
  });
});

describe('small public helpers', () => {
  it('outSize follows valid (SCALE-Sim) and same padding', () => {
    expect(outSize(224, 3, 2, undefined)).toBe(112);
    expect(outSize(112, 3, 1, 'valid')).toBe(110);
    expect(outSize(15, 3, 2, 'same')).toBe(8);
  });

  it('validateOp names the path it is given', () => {
    expect(() => validateOp({ kind: 'matmul', name: 'x', m: 1, k: 1, n: 0 }, 'net.ops[7]')).toThrow(
      'net.ops[7].n: expected int >= 1, got 0',
    );
    expect(() =>
      validateOp(
        { kind: 'depthwise', name: 'd', ifmapH: 4, ifmapW: 4, filterH: 3, filterW: 3, channels: 2, stride: 1, multiplier: 0 },
        'o',
      ),
    ).toThrow(/^o\.multiplier: /);
    expect(() =>
      validateOp(
        {
          kind: 'conv2d',
          name: 'c',
          ifmapH: 4,
          ifmapW: 4,
          filterH: 3,
          filterW: 3,
          channels: 2,
          numFilters: 2,
          stride: 1,
          padding: 'full' as never,
        },
        'o',
      ),
    ).toThrow(/^o\.padding: expected one of \['valid', 'same'\], got "full"$/);
  });

  it('peakOpsPerSecond and areaMM2 validate their accelerator', () => {
    const bad = {
      rows: 8,
      cols: -8,
      dataflow: 'os' as const,
      ifmapSramKiB: 1,
      filterSramKiB: 1,
      ofmapSramKiB: 1,
      dramGBps: 1,
      clockMHz: 1,
      bytesPerWord: 1,
    };
    expect(() => peakOpsPerSecond(bad)).toThrow('accelerator.cols: expected int >= 1, got -8');
    expect(() => areaMM2(bad)).toThrow('accelerator.cols: expected int >= 1, got -8');
  });

  it('presets survive a JSON round trip and estimate identically', () => {
    for (const preset of [tpuV3(), edgeTpu()]) {
      const back = fromJSON(toJSON(preset)) as typeof preset;
      expect(back).not.toBe(preset);
      const ops = [{ kind: 'matmul' as const, name: 'mm', m: 64, k: 256, n: 300 }];
      expect(estimate(back, ops)).toEqual(estimate(preset, ops));
    }
  });
});
