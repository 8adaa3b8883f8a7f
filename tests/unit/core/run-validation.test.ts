import { describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import { describeValidation, plannedValidation, validatedOnTest } from '../../../src/core/run-validation';

const set: HParams = { id: 'h', name: 'H', priority: 0, enabled: true, epochs: 3, batchSize: 32, optimizer: 'adam', learningRate: 0.001, seed: 1 };

describe('what a run validates on', () => {
  it('a new run of a set without a validation field holds out 15 % of train', () => {
    expect(plannedValidation({ hparams: set, checkpointEpoch: -1 })).toEqual({ kind: 'split', fraction: 0.15 });
  });

  it('a run keeps what it recorded when it started, whatever its set says now', () => {
    const run = { hparams: { ...set, validation: { kind: 'split' as const, fraction: 0.3 } }, validation: { kind: 'test' as const, images: 10 }, checkpointEpoch: 2 };
    expect(plannedValidation(run)).toEqual({ kind: 'test' });
  });

  it('a run an older version started (checkpoint, no record) keeps the test split it was validating on', () => {
    expect(plannedValidation({ hparams: set, checkpointEpoch: 0 })).toEqual({ kind: 'test' });
    expect(plannedValidation({ hparams: { ...set, validation: { kind: 'split', fraction: 0.1 } }, checkpointEpoch: 0 })).toEqual({ kind: 'split', fraction: 0.1 });
  });
});

describe('validation in words', () => {
  it('says the share of train, the images, stratified and the seed', () => {
    expect(describeValidation({ hparams: set, validation: { kind: 'split', fraction: 0.15, seed: 1, images: 1530 } }))
      .toBe('15 % of train held out, 1,530 images, stratified by class, seed 1');
  });

  it('labels the test split as not independent of model choice', () => {
    const run = { hparams: set, validation: { kind: 'test' as const, images: 2000 } };
    expect(describeValidation(run)).toBe('the test split, 2,000 images: the test accuracy is not independent of model choice');
    expect(validatedOnTest(run)).toBe(true);
  });

  it('reads an older run without a record from its set: no field then meant the test split', () => {
    expect(validatedOnTest({ hparams: set })).toBe(true);
    expect(describeValidation({ hparams: { ...set, validation: { kind: 'split', fraction: 0.125 } } })).toBe('12.5 % of train held out, stratified by class, seed 1');
  });
});
