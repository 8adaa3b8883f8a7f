import { describe, expect, it } from 'vitest';
import { checkHParams, learningRateAt, shouldStopEarly, withDefaults, type HParams } from '../../../src/core/hparams';
import { BUILT_IN_HPARAMS } from '../../../src/core/zoo';

const base: HParams = { id: 'h', name: 'H', priority: 0, enabled: true, epochs: 10, batchSize: 32, optimizer: 'adam', learningRate: 0.1, seed: 1 };

describe('hyperparameter sets', () => {
  it('accepts every built-in set', () => {
    for (const h of BUILT_IN_HPARAMS) expect(checkHParams(h)).toEqual([]);
  });

  it('names each bad setting in words', () => {
    const errors = checkHParams({
      ...base, epochs: 0, batchSize: 1.5, learningRate: 0, schedule: { kind: 'step', every: 0, factor: 2 },
      validation: { kind: 'split', fraction: 0.9 }, patience: -1, weightDecay: 2, augment: { flip: true, shift: 40 },
    });
    expect(errors).toEqual([
      'epochs must be a whole number from 1 to 1,000',
      'batch size must be a whole number from 1 to 4,096',
      'learning rate must be above 0 and at most 10',
      'schedule: step every must be a whole number of epochs, 1 or more',
      'schedule: step factor must be above 0 and at most 1',
      'validation: the fraction of train held out must be above 0 and at most 0.5',
      'patience must be a whole number of epochs, 0 (off) or more',
      'weight decay must be from 0 to 1',
      'augment: shift must be a whole number of pixels from 0 to 16',
    ]);
  });

  it('fills the settings an older stored set lacks; validation then comes from 15 % of train, not the test split', () => {
    expect(withDefaults(base)).toMatchObject({ momentum: 0.9, schedule: { kind: 'constant' }, validation: { kind: 'split', fraction: 0.15 }, patience: 0, weightDecay: 0 });
  });

  it('steps and anneals the learning rate per epoch', () => {
    const step = { ...base, schedule: { kind: 'step' as const, every: 3, factor: 0.5 } };
    expect([0, 2, 3, 6, 9].map((e) => learningRateAt(step, e))).toEqual([0.1, 0.1, 0.05, 0.025, 0.0125]);
    const cosine = { ...base, schedule: { kind: 'cosine' as const, minRate: 0 } };
    expect(learningRateAt(cosine, 0)).toBeCloseTo(0.1);
    expect(learningRateAt(cosine, 5)).toBeCloseTo(0.05);
    expect(learningRateAt(cosine, 9)).toBeLessThan(0.003);
  });

  it('stops early only after `patience` epochs without a better validation loss', () => {
    expect(shouldStopEarly([1, 0.8, 0.85, 0.9], 2)).toBe(true);
    expect(shouldStopEarly([1, 0.8, 0.85, 0.7], 2)).toBe(false);
    expect(shouldStopEarly([1, 0.8, 0.85, 0.9], 0)).toBe(false);
    expect(shouldStopEarly([1, 1.1], 2)).toBe(false);
  });
});
