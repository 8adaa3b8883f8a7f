import { describe, expect, it } from 'vitest';
import { checkSpec, modelSuits } from '../../../src/core/model-spec';
import { BUILT_IN_BACKBONES } from '../../../src/core/built-in-backbones';
import { BUILT_IN_MODELS } from '../../../src/core/zoo';

const byId = (id: string) => BUILT_IN_MODELS.find((m) => m.id === id)!;

describe('the built-in zoo', () => {
  it('holds the models the issue asks for, each with a priority and a one-line description', () => {
    expect(BUILT_IN_MODELS.map((m) => m.id)).toEqual(expect.arrayContaining(['logistic', 'mlp', 'cnn_model', 'pure_cnn_model', 'separable-cnn']));
    for (const m of BUILT_IN_MODELS) {
      expect(Number.isInteger(m.priority)).toBe(true);
      expect(m.description).not.toMatch(/\n/);
      expect(m.description.length).toBeGreaterThan(20);
    }
  });

  it('enables, by default, the MLP for small images and the shipped backbone with a head for photos, so a first dataset trains fast', () => {
    const enabled = BUILT_IN_MODELS.filter((m) => m.enabled);
    expect(enabled.map((m) => m.id).sort()).toEqual(['mlp', 'pretrained-head']);
    expect(modelSuits(byId('mlp'), [28, 28, 1]) && !modelSuits(byId('mlp'), [224, 224, 3])).toBe(true);
    expect(modelSuits(byId('pretrained-head'), [224, 224, 3]) && !modelSuits(byId('pretrained-head'), [28, 28, 1])).toBe(true);
  });

  it('the backbone model is a head on the shipped backbone\'s feature vector, frozen', () => {
    const m = byId('pretrained-head');
    const shipped = BUILT_IN_BACKBONES.find((b) => b.slug === m.backbone?.id)!;
    expect(m.backbone).toEqual({ id: shipped.slug, trainable: 0 });
    const check = checkSpec(m.layers, [shipped.featureSize], 8);
    expect(check.ok && check.summary.outputShapes.at(-1)).toEqual([8]);
  });

  for (const shape of [[28, 28, 1], [32, 32, 3]] as const) {
    it(`every model without a backbone is valid for ${shape.join('×')} inputs and ends in 10 classes`, () => {
      for (const m of BUILT_IN_MODELS.filter((x) => !x.backbone)) {
        const check = checkSpec(m.layers, shape, 10);
        expect(check.ok ? 'ok' : `${m.id}: ${check.errors.join('; ')}`).toBe('ok');
        if (check.ok) expect(check.summary.outputShapes.at(-1)).toEqual([10]);
      }
    });
  }

  it('counts cnn_model\'s parameters as Keras does (1,250,858 on CIFAR-10 shapes)', () => {
    const cifar = checkSpec(byId('cnn_model').layers, [32, 32, 3], 10);
    const digits = checkSpec(byId('cnn_model').layers, [28, 28, 1], 10);
    expect(cifar.ok && cifar.summary.params).toBe(1_250_858);
    expect(digits.ok && digits.summary.params).toBe(889_834);
  });

  it('counts pure_cnn_model\'s parameters (1,369,738 on CIFAR-10 shapes)', () => {
    const cifar = checkSpec(byId('pure_cnn_model').layers, [32, 32, 3], 10);
    expect(cifar.ok && cifar.summary.params).toBe(1_369_738);
  });
});
