import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../src/core/model-spec';

describe('checkSpec', () => {
  it('names the layer, its type and the option at fault', () => {
    const check = checkSpec([{ type: 'flatten' }, { type: 'dense', units: 64 }, { type: 'dense', units: -3, activation: 'softmax' }], [28, 28, 1], 10);
    expect(check).toEqual({ ok: false, errors: ['layer 3 (dense): units must be a positive integer or "classes"'] });
  });

  it('rejects an unknown layer type with the list of known ones', () => {
    const check = checkSpec([{ type: 'lstm' }], [28, 28, 1], 10);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors[0]).toMatch(/^layer 1 \(lstm\): type must be one of conv2d, separableConv2d/);
  });

  it('asks for a flatten before a dense layer on images', () => {
    const check = checkSpec([{ type: 'dense', units: 'classes', activation: 'softmax' }], [28, 28, 1], 10);
    expect(check).toEqual({ ok: false, errors: ['layer 1 (dense): needs a flat input; add a flatten layer before it (input is [28, 28, 1])'] });
  });

  it('says when a kernel is larger than what reaches it', () => {
    const check = checkSpec([{ type: 'conv2d', filters: 4, kernelSize: 9 }, { type: 'flatten' }, { type: 'dense', units: 'classes', activation: 'softmax' }], [8, 8, 1], 10);
    expect(check).toEqual({ ok: false, errors: ['layer 1 (conv2d): input 8×8 is smaller than the kernel 9×9'] });
  });

  it('requires the model to end in one softmax output per class', () => {
    expect(checkSpec([{ type: 'flatten' }, { type: 'dense', units: 5, activation: 'softmax' }], [4, 4, 1], 10)).toEqual({
      ok: false, errors: ['the model must end with 10 outputs (one per class) but ends with shape [5]'],
    });
    expect(checkSpec([{ type: 'flatten' }, { type: 'dense', units: 'classes' }], [4, 4, 1], 10)).toEqual({
      ok: false, errors: ['the last activation must be softmax, so outputs are class probabilities'],
    });
  });

  it('rejects a dropout rate of 1 and an empty model', () => {
    const check = checkSpec([{ type: 'flatten' }, { type: 'dropout', rate: 1 }], [4, 4, 1], 2);
    expect(check).toEqual({ ok: false, errors: ['layer 2 (dropout): rate must be a number in [0, 1)'] });
    expect(checkSpec([], [4, 4, 1], 2)).toEqual({ ok: false, errors: ['a model needs at least one layer'] });
  });

  it('counts parameters and FLOPs of a logistic regression exactly', () => {
    const check = checkSpec([{ type: 'flatten' }, { type: 'dense', units: 'classes', activation: 'softmax' }], [28, 28, 1], 10);
    expect(check).toEqual({ ok: true, summary: { outputShapes: [[784], [10]], params: 7850, flops: 15680, layerParams: [0, 7850] } });
  });
});
