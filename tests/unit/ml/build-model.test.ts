import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSpec } from '../../../src/core/model-spec';
import { BUILT_IN_MODELS } from '../../../src/core/zoo';
import { buildModel } from '../../../src/ml/build-model';

describe('every zoo model builds in tfjs', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const shape of [[28, 28, 1], [32, 32, 3]] as const) {
    for (const spec of BUILT_IN_MODELS.filter((m) => !m.backbone)) {
      it(`${spec.id} on ${shape.join('×')}: output [batch, 10], parameters as the spec counts them`, () => {
        const check = checkSpec(spec.layers, shape, 10);
        const model = buildModel(spec.layers, shape, 10);
        expect(model.outputs[0]!.shape).toEqual([null, 10]);
        expect(check.ok && model.countParams()).toBe(check.ok ? check.summary.params : -1);
        model.dispose();
      });
    }
  }

  it('builds a backbone model\'s head on a flat feature vector', () => {
    const spec = BUILT_IN_MODELS.find((m) => m.backbone)!;
    const model = buildModel(spec.layers, [1792], 8);
    expect(model.outputs[0]!.shape).toEqual([null, 8]);
    const check = checkSpec(spec.layers, [1792], 8);
    expect(check.ok && model.countParams()).toBe(check.ok ? check.summary.params : -1);
    model.dispose();
  });

  it('refuses a spec that does not fit the dataset, with the layer named', () => {
    expect(() => buildModel([{ type: 'dense', units: 'classes', activation: 'softmax' }], [28, 28, 1], 10)).toThrow(
      'The model does not fit this dataset: layer 1 (dense): needs a flat input; add a flatten layer before it (input is [28, 28, 1])',
    );
  });
});
