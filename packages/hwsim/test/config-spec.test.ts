/**
 * An accelerator is defined once, by the field specs of its symbolic class: a plain config object
 * and a class instance get the same defaults and the same errors, the config types are inferred
 * from the specs, and accelerators stored as JSON before the change still load.
 */
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fromJSONString, ValidationError } from '@tsglove/symbolic';
import {
  EdgeAccelerator,
  edgeToSystolic,
  estimate,
  HwsimValidationError,
  mobileNetOps,
  resolveAccelerator,
  SystolicArray,
  tpuV3,
  edgeTpu,
  type Dataflow,
  type EdgeAcceleratorConfig,
  type SystolicArrayConfig,
} from '@tsglove/hwsim';

const base = { rows: 32, cols: 32, ifmapSramKiB: 64, filterSramKiB: 64, ofmapSramKiB: 64, dramGBps: 10 };
const edge = { peX: 4, peY: 4, simdUnits: 64, computeLanes: 4, localMemoryKiB: 512, registerFileKiB: 32, ioBandwidthGBps: 10 };

/** What a call throws, as `path: message` (or 'ok'). */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof ValidationError) return `accelerator.${error.issues[0]!.path}: ${error.issues[0]!.message}`;
    if (error instanceof HwsimValidationError) return error.message;
    throw error;
  }
}

describe('accelerator configs: one definition', () => {
  it('a plain config omitting clockMHz, dataflow and bytesPerWord gets the class defaults', () => {
    const plain: SystolicArrayConfig = base;
    const m = resolveAccelerator(plain);
    expect([m.clockMHz, m.dataflow, m.bytesPerWord, m.cores, m.vectorLanes]).toEqual([1000, 'os', 1, 1, 0]);
    expect(m).toEqual(resolveAccelerator(new SystolicArray(plain)));
    expect(resolveAccelerator(edge).clockMHz).toBe(new EdgeAccelerator(edge).clockMHz);
  });

  it('plain objects and class instances give the same errors (random fields, mostly invalid)', () => {
    const value = fc.constantFrom<unknown>(-1, 0, 0.5, 1, 2, 8, NaN, Infinity, 'os', 'xs', null, undefined, true);
    const key = fc.constantFrom(
      'rows',
      'cols',
      'dataflow',
      'dramGBps',
      'clockMHz',
      'bytesPerWord',
      'cores',
      'vectorLanes',
      'ifmapSramKiB',
      'registerFileKiB',
    );
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 3 }), (over) => {
        const plain = { ...base, ...over } as SystolicArrayConfig;
        const viaClass = outcome(() => new SystolicArray(plain));
        const viaPlain = outcome(() => resolveAccelerator(plain));
        expect(viaPlain).toBe(viaClass);
        if (viaClass === 'ok') expect(resolveAccelerator(plain)).toEqual(resolveAccelerator(new SystolicArray(plain)));
      }),
      { numRuns: 400 },
    );
  });

  it('a misspelt field is an error, not a silent default', () => {
    expect(() => estimate({ ...base, clockMhz: 500 } as SystolicArrayConfig, [])).toThrow(
      /^accelerator\.clockMhz: tsglove\.hwsim\.SystolicArray has no field "clockMhz"/,
    );
    expect(() => estimate({ ...base, energy: { macPj: 1 } } as SystolicArrayConfig, [])).toThrow(/^accelerator\.energy\.macPj: /);
  });

  it('edgeToSystolic gives a systolic config that costs exactly like the edge accelerator, area included', () => {
    const ops = mobileNetOps();
    expect(estimate(edgeToSystolic(edge), ops)).toEqual(estimate(edge, ops));
  });

  it('config types are inferred from the specs', () => {
    expectTypeOf<SystolicArrayConfig['clockMHz']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SystolicArrayConfig['rows']>().toEqualTypeOf<number>();
    expectTypeOf<SystolicArrayConfig['dataflow']>().toEqualTypeOf<Dataflow | undefined>();
    expectTypeOf<NonNullable<SystolicArrayConfig['energy']>['macPJ']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<EdgeAcceleratorConfig['peX']>().toEqualTypeOf<number>();
    expectTypeOf<SystolicArray>().toMatchTypeOf<SystolicArrayConfig>();
    expectTypeOf<EdgeAccelerator>().toMatchTypeOf<EdgeAcceleratorConfig>();
  });
});

describe('stored accelerators keep loading', () => {
  // toJSON output of 0.2 (before registerFileKiB became a systolic field) and of 0.1 (bare names).
  const tpuV3Json =
    '{"_type":"tsglove.hwsim.SystolicArray","kind":"systolic","rows":128,"cols":128,"dataflow":"ws","ifmapSramKiB":8192,' +
    '"filterSramKiB":4096,"ofmapSramKiB":4096,"dramGBps":900,"clockMHz":940,"bytesPerWord":2,"cores":2,"arraysPerCore":2,"vectorLanes":1024}';
  const edgeTpuJson =
    '{"_type":"hwsim.SystolicArray","kind":"systolic","rows":64,"cols":64,"dataflow":"os","ifmapSramKiB":2048,"filterSramKiB":4096,' +
    '"ofmapSramKiB":2048,"dramGBps":8,"clockMHz":480,"bytesPerWord":1,"cores":1,"arraysPerCore":1,"vectorLanes":0,"energy":{"macPJ":0.23}}';
  const edgeJson =
    '{"_type":"tsglove.hwsim.EdgeAccelerator","kind":"edge","peX":4,"peY":4,"simdUnits":64,"computeLanes":4,"localMemoryKiB":512,' +
    '"registerFileKiB":32,"ioBandwidthGBps":10,"clockMHz":800,"bytesPerWord":1,"dataflow":"os","cores":1}';

  it('as the same accelerators', () => {
    const ops = mobileNetOps();
    const tpu = fromJSONString(tpuV3Json);
    expect(tpu).toBeInstanceOf(SystolicArray);
    expect(estimate(tpu as SystolicArray, ops)).toEqual(estimate(tpuV3(), ops));
    expect(estimate(fromJSONString(edgeTpuJson) as SystolicArray, ops)).toEqual(estimate(edgeTpu(), ops));
    const e = fromJSONString(edgeJson);
    expect(e).toBeInstanceOf(EdgeAccelerator);
    expect(estimate(e as EdgeAccelerator, ops)).toEqual(estimate(edge, ops));
  });
});
