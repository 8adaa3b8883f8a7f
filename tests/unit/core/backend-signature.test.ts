import { describe, expect, it } from 'vitest';
import { canonicalJson, deviceKey, modelSignature, rememberedChoiceKey, type ModelWorkload } from '../../../src/core/backend-signature';
import { BUILT_IN_MODELS } from '../../../src/core/zoo';

const mlp = BUILT_IN_MODELS.find((m) => m.id === 'mlp')!.layers;
const work: ModelWorkload = { layers: mlp, inputShape: [28, 28, 1], classes: 10, batchSize: 32 };

describe('the model signature', () => {
  it('is the same for the same spec, whatever the order of each layer\'s fields', () => {
    const reordered = mlp.map((layer) => Object.fromEntries(Object.entries(layer).reverse())) as unknown as ModelWorkload['layers'];
    expect(modelSignature(work)).toBe(modelSignature({ ...work }));
    expect(modelSignature({ ...work, layers: reordered })).toBe(modelSignature(work));
    expect(modelSignature(work)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differs for another batch size, input shape, class count or layer', () => {
    const keys = [
      modelSignature(work),
      modelSignature({ ...work, batchSize: 64 }),
      modelSignature({ ...work, inputShape: [32, 32, 3] }),
      modelSignature({ ...work, classes: 2 }),
      modelSignature({ ...work, layers: [...mlp.slice(0, 1), { type: 'dense', units: 129, activation: 'relu' }, ...mlp.slice(2)] }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the device key', () => {
  const device = { userAgent: 'Chrome/156', cores: 2, isolated: true, adapters: ['webgpu google swiftshader', 'webgl ANGLE (SwiftShader)'], versions: '4.22.0' };

  it('does not depend on the order the adapters were seen in', () => {
    expect(deviceKey({ ...device, adapters: [...device.adapters].reverse() })).toBe(deviceKey(device));
  });

  it('changes with the browser, the cores, isolation, the adapters or the versions', () => {
    const keys = [deviceKey(device), deviceKey({ ...device, userAgent: 'Chrome/157' }), deviceKey({ ...device, cores: 8 }), deviceKey({ ...device, isolated: false }),
      deviceKey({ ...device, adapters: ['webgpu nvidia hopper'] }), deviceKey({ ...device, versions: '4.23.0' })];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('makes one settings key per device and model', () => {
    expect(rememberedChoiceKey('dev', 'sig')).toBe('backend-choice/dev/sig');
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
  });
});
