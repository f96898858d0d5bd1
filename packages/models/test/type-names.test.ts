// The `_type` names of the model families are namespaced (`tsglove.models.*`), so a user's own class
// named `ResNet` does not collide with them; JSON written under the old bare names still loads.
import { describe, expect, it } from 'vitest';
import { eq, fromJSON, fromJSONString, symbolic, t, toJSON, toJSONString } from '@tsglove/symbolic';
import { EfficientNet, NasBenchMacro, ResNet, efficientNet, nasBenchMacro, resNet50, retinaNet, spineNet } from '@tsglove/models';
import { SystolicArray, tpuV3 } from '@tsglove/hwsim';

describe('model type names', () => {
  it('are written namespaced', () => {
    expect((toJSON(efficientNet('b0')) as { _type: string })._type).toBe('tsglove.models.EfficientNet');
    expect((toJSON(resNet50()) as { _type: string })._type).toBe('tsglove.models.ResNet');
    expect(toJSONString(retinaNet({ backbone: spineNet('49') }))).not.toMatch(/"_type":"(RetinaNet|SpineNet|SpineNetBlock)"/);
  });

  it('JSON from before the namespacing (bare names) still loads, equal to today', () => {
    for (const model of [efficientNet('b0'), nasBenchMacro('01201120'), resNet50(), retinaNet({ backbone: spineNet('49') })]) {
      const legacy = toJSONString(model).replace(/"_type":"tsglove\.models\./g, '"_type":"');
      expect(legacy).not.toContain('tsglove.models.');
      const loaded = fromJSONString(legacy);
      expect(loaded).toBeInstanceOf(model.constructor);
      expect(eq(loaded, model)).toBe(true);
    }
    // A stored NAS-Bench-Macro child as tsglove 0.1 wrote it.
    const old = fromJSON({ _type: 'NasBenchMacro', ops: [0, 1, 2, 0, 1, 1, 2, 0] });
    expect(old).toBeInstanceOf(NasBenchMacro);
  });

  it('a user class may be called ResNet or EfficientNet', () => {
    class MyResNet extends symbolic('ResNet', { depth: t.int({ min: 1 }) }) {}
    const mine = new MyResNet({ depth: 18 });
    const back = fromJSON(toJSON(mine));
    expect(back).toBeInstanceOf(MyResNet);
    expect(back).not.toBeInstanceOf(ResNet);
    expect(() => symbolic('EfficientNet', { x: t.int() })).not.toThrow();
    expect(fromJSON(toJSON(efficientNet('b1')))).toBeInstanceOf(EfficientNet);
  });
});

describe('accelerator type names', () => {
  it('are tsglove.hwsim.*; the 0.1 names hwsim.* still load', () => {
    const acc = tpuV3();
    const json = toJSONString(acc);
    expect(json).toContain('"_type":"tsglove.hwsim.SystolicArray"');
    const legacy = fromJSONString(json.replace('"_type":"tsglove.hwsim.', '"_type":"hwsim.'));
    expect(legacy).toBeInstanceOf(SystolicArray);
    expect(eq(legacy, acc)).toBe(true);
  });
});
