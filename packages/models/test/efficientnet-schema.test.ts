/**
 * EfficientNet is described once, by the field specs of its symbolic classes: `EfficientNetSpec`
 * and `BlockArgs` are inferred from them, `spec`/`args` read them generically, a plain spec is
 * validated by them, and networks stored as JSON before the change still load.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fromJSONString, toJSONString, ValidationError } from '@tsglove/symbolic';
import {
  BLOCK_FIELDS,
  buildEfficientNet,
  countParams,
  EfficientNet,
  efficientNet,
  efficientNetX,
  MBConvBlock,
  type BlockArgs,
  type EfficientNetSpec,
} from '../src/index.js';

// toJSON of efficientNetX('b0', { numClasses: 10, resolution: 64 }) as written before the change.
const STORED =
  '{"_type":"tsglove.models.EfficientNet","name":"efficientnet-x-b0","blocks":[{"_type":"tsglove.models.MBConvBlo' +
  'ck","repeats":1,"kernel":3,"stride":1,"expandRatio":1,"inputFilters":32,"outputFilters":16,"seRatio":0.25,"idS' +
  'kip":true,"fused":false,"spaceToDepth":1,"activation":"relu"},{"_type":"tsglove.models.MBConvBlock","repeats":' +
  '2,"kernel":3,"stride":2,"expandRatio":6,"inputFilters":16,"outputFilters":24,"seRatio":0.25,"idSkip":true,"fus' +
  'ed":true,"spaceToDepth":2,"activation":"swish"},{"_type":"tsglove.models.MBConvBlock","repeats":2,"kernel":5,"' +
  'stride":2,"expandRatio":6,"inputFilters":24,"outputFilters":40,"seRatio":0.25,"idSkip":true,"fused":true,"spac' +
  'eToDepth":0,"activation":"swish"},{"_type":"tsglove.models.MBConvBlock","repeats":3,"kernel":3,"stride":2,"exp' +
  'andRatio":6,"inputFilters":40,"outputFilters":80,"seRatio":0.25,"idSkip":true,"fused":false,"spaceToDepth":0,"' +
  'activation":"relu"},{"_type":"tsglove.models.MBConvBlock","repeats":3,"kernel":5,"stride":1,"expandRatio":6,"i' +
  'nputFilters":80,"outputFilters":112,"seRatio":0.25,"idSkip":true,"fused":false,"spaceToDepth":0,"activation":"' +
  'relu"},{"_type":"tsglove.models.MBConvBlock","repeats":4,"kernel":5,"stride":2,"expandRatio":6,"inputFilters":' +
  '112,"outputFilters":192,"seRatio":0.25,"idSkip":true,"fused":false,"spaceToDepth":0,"activation":"relu"},{"_ty' +
  'pe":"tsglove.models.MBConvBlock","repeats":1,"kernel":3,"stride":1,"expandRatio":6,"inputFilters":192,"outputF' +
  'ilters":320,"seRatio":0.25,"idSkip":true,"fused":false,"spaceToDepth":0,"activation":"relu"}],"width":1,"depth' +
  '":1,"resolution":64,"dropout":0.2,"dropConnect":0.2,"numClasses":10,"includeTop":true,"activation":"relu","ste' +
  'mFilters":32,"headFilters":1280,"divisor":8,"fixHeadStem":false,"seCoefficient":4,"bnEpsilon":0.001,"bnMomentu' +
  'm":0.99}';

describe('EfficientNet schema', () => {
  it('spec and args hold every field of the classes', () => {
    const net = efficientNetX('b1');
    expect(Object.keys(net.spec).sort()).toEqual([...net.symSchema.keys].sort());
    expect(Object.keys(net.blocks[0]!.args).sort()).toEqual(Object.keys(BLOCK_FIELDS).sort());
    expect(new MBConvBlock(net.blocks[1]!.args).blockString).toBe(net.blocks[1]!.blockString);
  });

  it('a plain spec builds the same network, and a bad one names the field', () => {
    const spec: EfficientNetSpec = efficientNet('b0').spec;
    expect(countParams(buildEfficientNet(spec))).toEqual(countParams(efficientNet('b0')));
    const bad = { ...spec, blocks: spec.blocks.map((b, i) => (i === 2 ? { ...b, kernel: 99 } : b)) };
    expect(() => buildEfficientNet(bad)).toThrow(ValidationError);
    expect(() => buildEfficientNet(bad)).toThrow(/^blocks\[2\]\.kernel: expected int in \[1, 15\], got 99$/);
    expect(() => buildEfficientNet({ ...spec, dropout: 2 })).toThrow(/^dropout: expected float in \[0, 0\.99\], got 2$/);
  });

  it('types are inferred from the field specs', () => {
    expectTypeOf<BlockArgs['spaceToDepth']>().toEqualTypeOf<0 | 1 | 2>();
    expectTypeOf<BlockArgs['kernel']>().toEqualTypeOf<number>();
    expectTypeOf<EfficientNetSpec['blocks']>().toEqualTypeOf<readonly BlockArgs[]>();
    expectTypeOf<MBConvBlock>().toMatchTypeOf<BlockArgs>();
  });

  it('networks stored before the change load, count and serialize as they did', () => {
    const net = fromJSONString(STORED) as EfficientNet;
    expect(net).toBeInstanceOf(EfficientNet);
    const fresh = efficientNetX('b0', { numClasses: 10, resolution: 64 });
    expect(countParams(net)).toEqual(countParams(fresh));
    expect(toJSONString(net)).toBe(STORED);
  });
});
