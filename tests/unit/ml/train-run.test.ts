import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import type { RunRecord } from '../../../src/core/run';
import type { DatasetRecord } from '../../../src/core/types';
import { BUILT_IN_MODELS } from '../../../src/core/zoo';
import { augmentBatch } from '../../../src/ml/augment';
import { seededRandom } from '../../../src/core/random';
import { trainRun, type StoredArtifacts, type TrainRunStore } from '../../../src/ml/train-run';
import { trainAndValidation } from '../../../src/ml/validation-split';
import { concatImageSets } from '../../../src/ml/image-set';
import { loadDigits } from '../../support/digits';
import { memoryRuns } from '../../support/memory-runs';
import { memoryShards } from '../../support/memory-read-shards';

const digits = loadDigits(40);
const shards = {
  train: [{ count: 300, pixels: concat(digits.slice(0, 300).map((d) => d.pixels)), labels: Uint16Array.from(digits.slice(0, 300), (d) => d.label) }],
  test: [{ count: 100, pixels: concat(digits.slice(300).map((d) => d.pixels)), labels: Uint16Array.from(digits.slice(300), (d) => d.label) }],
};

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.length * 784);
  parts.forEach((p, i) => out.set(p, i * 784));
  return out;
}

const stored = memoryShards(shards);
const dataset: DatasetRecord = {
  id: 'd', name: 'digits', createdAt: 1, layout: 'csv', shape: [28, 28, 1], classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  counts: {}, bytes: 400 * 784, report: { skipped: [], warnings: [], images: 400, files: 400, seconds: 0 }, shardLayout: stored.shardLayout,
};

/** An in-memory store that can make a run stop after a given epoch, as a reload (or `failure`) would. */
function memoryStore(run: RunRecord, stopAfterEpoch?: number, failure: Error = new Error('page reloaded')) {
  const runs = new Map([[run.id, structuredClone(run)]]);
  let artifacts: StoredArtifacts | undefined;
  const store: TrainRunStore = {
    ...memoryRuns(runs),
    getDataset: async () => dataset,
    readShard: stored.readShard,
    getArtifacts: async () => artifacts,
    putArtifacts: async (a) => {
      artifacts = structuredClone(a);
      if (stopAfterEpoch !== undefined && a.epoch === stopAfterEpoch) throw failure;
    },
  };
  return { store, runs, weights: () => artifacts && new Float32Array(artifacts.weightData) };
}

const hparams: HParams = { id: 'h', name: 'H', priority: 0, enabled: true, epochs: 3, batchSize: 32, optimizer: 'adam', learningRate: 0.003, seed: 5 };
const runOf = (h: HParams): RunRecord => ({
  id: 'r', datasetId: 'd', modelId: 'mlp', hparamsId: h.id, model: BUILT_IN_MODELS.find((m) => m.id === 'mlp')!, hparams: h,
  status: 'queued', enqueuedAt: 0, history: [], checkpointEpoch: -1,
});
const backend = { name: 'cpu', reason: 'test' };

describe('a training run', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('resumed after epoch 1 from its checkpoint ends with exactly the weights of an uninterrupted run', async () => {
    const straight = memoryStore(runOf(hparams));
    await trainRun(straight.store, 'r', backend, () => {});
    const interrupted = memoryStore(runOf(hparams), 0);
    await expect(trainRun(interrupted.store, 'r', backend, () => {})).rejects.toThrow('page reloaded');
    expect(interrupted.runs.get('r')!.checkpointEpoch).toBe(-1);
    // The checkpoint of epoch 0 was written before the failure; mark it as the last finished epoch, as the database would.
    await interrupted.store.updateRun('r', (r) => void (r.checkpointEpoch = 0));
    const resumed = memoryStore(interrupted.runs.get('r')!);
    await resumed.store.putArtifacts((await interrupted.store.getArtifacts('r'))!);
    const epochsSeen: number[] = [];
    const done = await trainRun(resumed.store, 'r', backend, (p) => p.epochStats && epochsSeen.push(p.epoch));
    expect(epochsSeen).toEqual([1, 2]);
    expect(done.status).toBe('done');
    expect(Array.from(resumed.weights()!)).toEqual(Array.from(straight.weights()!));
  });

  it('a full disk at a checkpoint fails the run saying what happened and what to do, keeping the checkpoint before it', async () => {
    const full = memoryStore(runOf(hparams), 1, new DOMException('Failed to write blobs (IOError)', 'UnknownError'));
    await expect(trainRun(full.store, 'r', backend, () => {})).rejects.toThrow(
      'The disk is full: the checkpoint of epoch 2 could not be saved (Failed to write blobs (IOError)). Free space or delete old datasets, then retry the run: it resumes after epoch 1.',
    );
    expect(full.runs.get('r')!.checkpointEpoch).toBe(0);
  });

  it('records what it validated on, and reports validation and test accuracy apart', async () => {
    const m = memoryStore(runOf(hparams));
    const done = await trainRun(m.store, 'r', backend, () => {});
    expect(done.validation).toEqual({ kind: 'split', fraction: 0.15, seed: 5, images: 50 }); // 30 of each digit: 4.5 rounds to 5 a class
    expect(done.history.at(-1)!.valAccuracy).not.toBe(done.testAccuracy);
  });

  it('keeps validating on the test split when resuming a run an older version started that way', async () => {
    const old = memoryStore(runOf(hparams), 0);
    await expect(trainRun(old.store, 'r', backend, () => {})).rejects.toThrow('page reloaded');
    // As an older version left it: a checkpoint, no validation record, a set without a validation field.
    await old.store.updateRun('r', (r) => {
      r.checkpointEpoch = 0;
      delete r.validation;
    });
    const resumed = memoryStore(old.runs.get('r')!);
    await resumed.store.putArtifacts((await old.store.getArtifacts('r'))!);
    const done = await trainRun(resumed.store, 'r', backend, () => {});
    expect(done.validation).toEqual({ kind: 'test', images: 100 });
  });

  it('stops early when validation loss has not improved for `patience` epochs', async () => {
    const h: HParams = { ...hparams, epochs: 12, learningRate: 0.5, optimizer: 'sgd', patience: 1 };
    const m = memoryStore(runOf(h));
    const done = await trainRun(m.store, 'r', backend, () => {});
    expect(done.history.length).toBeLessThan(12);
    const losses = done.history.map((e) => e.valLoss);
    expect(losses.at(-1)!).toBeGreaterThanOrEqual(Math.min(...losses.slice(0, -1)));
  });
});

describe('validation and augmentation', () => {
  const set = concatImageSets([28, 28, 1], shards.train);

  it('holds out a stratified tenth of train for validation and never reuses those images', () => {
    const { train, validation } = trainAndValidation({ ...hparams, validation: { kind: 'split', fraction: 0.1 } }, set, set);
    expect([train.count, validation.count]).toEqual([270, 30]);
    expect(Array.from(validation.labels).sort()).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9]);
  });

  it('uses the test split when asked, and says so', () => {
    const test = concatImageSets([28, 28, 1], shards.test);
    const chosen = trainAndValidation({ ...hparams, validation: { kind: 'test' } }, set, test);
    expect(chosen.validation).toBe(test);
    expect(chosen.used).toEqual({ kind: 'test', images: 100 });
  });

  it('by default holds out 15 % of train, taken from train images only, never a test image', () => {
    const test = concatImageSets([28, 28, 1], shards.test);
    const chosen = trainAndValidation(hparams, set, test);
    expect(chosen.used).toEqual({ kind: 'split', fraction: 0.15, seed: 5, images: chosen.validation.count });
    expect(chosen.train.count + chosen.validation.count).toBe(300);
    expect(new Set(chosen.validation.labels).size).toBe(10);
    const imageKey = (s: typeof set, i: number) => s.pixels.subarray(i * 784, (i + 1) * 784).join(',');
    const trainImages = new Set(Array.from({ length: set.count }, (_, i) => imageKey(set, i)));
    const testImages = new Set(Array.from({ length: test.count }, (_, i) => imageKey(test, i)));
    const keptImages = new Set(Array.from({ length: chosen.train.count }, (_, i) => imageKey(chosen.train, i)));
    for (let i = 0; i < chosen.validation.count; i++) {
      const image = imageKey(chosen.validation, i);
      expect(trainImages.has(image) && !testImages.has(image) && !keptImages.has(image)).toBe(true);
    }
  });

  it('falls back to the test split, recorded as such, when train has nothing to spare', () => {
    const one = { ...set, count: 1, pixels: set.pixels.subarray(0, 784), labels: set.labels.subarray(0, 1) };
    const test = concatImageSets([28, 28, 1], shards.test);
    expect(trainAndValidation(hparams, one, test).used).toEqual({ kind: 'test', images: 100 });
  });

  it('shifts each image by whole pixels and flips, keeping every pixel value', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor4d(Float32Array.from(set.pixels.subarray(0, 4 * 784), (v) => v / 255), [4, 28, 28, 1]);
    const flipped = augmentBatch(x, { flip: true, shift: 0 }, () => 0.1);
    expect(Array.from(await flipped.data())).toEqual(Array.from(await x.reverse(2).data()));
    const shifted = augmentBatch(x, { flip: false, shift: 2 }, seededRandom(1));
    const before = await x.sum().data();
    const out = await shifted.data();
    expect(out.every((v) => Math.abs(v * 255 - Math.round(v * 255)) < 1e-3)).toBe(true);
    expect(Array.from(out)).not.toEqual(Array.from(await x.data()));
    expect(shifted.shape).toEqual([4, 28, 28, 1]);
    expect((await shifted.sum().data())[0]).toBeLessThanOrEqual(before[0]! + 1e-3);
    tf.dispose([x, flipped, shifted]);
  });
});
