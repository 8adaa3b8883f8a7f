import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import type { EpochStats, RunRecord } from '../../../src/core/run';
import type { DatasetRecord } from '../../../src/core/types';
import { BUILT_IN_MODELS } from '../../../src/core/zoo';
import { trainRun, type StoredArtifacts, type TrainRunStore } from '../../../src/ml/train-run';
import type { RunDataOptions } from '../../../src/ml/run-data';
import { loadDigits, type Digit } from '../../support/digits';
import { memoryRuns } from '../../support/memory-runs';
import { cutShard, memoryShards, type MemoryShard } from '../../support/memory-read-shards';

const digits = loadDigits(50);
const shardOf = (list: Digit[]): MemoryShard => {
  const pixels = new Uint8Array(list.length * 784);
  list.forEach((d, i) => pixels.set(d.pixels, i * 784));
  return { count: list.length, pixels, labels: Uint16Array.from(list, (d) => d.label) };
};
// Several small shards of uneven sizes, and windows of at most 120 images: batches cross shards and windows.
const stored = memoryShards({ train: cutShard(shardOf(digits.slice(0, 400)), [37, 64, 50], 784), test: cutShard(shardOf(digits.slice(400)), [30, 45], 784) });
const windowBytes = 120 * 784;
const dataset: DatasetRecord = {
  id: 'd', name: 'Digits', createdAt: 1, layout: 'csv', shape: [28, 28, 1], classes: '0123456789'.split(''),
  counts: {}, bytes: 500 * 784, report: { skipped: [], warnings: [], images: 500, files: 500, seconds: 0 }, shardLayout: stored.shardLayout,
};
const hparams: HParams = { id: 'h', name: 'H', priority: 0, enabled: true, epochs: 3, batchSize: 32, optimizer: 'adam', learningRate: 0.003, seed: 7 };
const runOf = (h: HParams): RunRecord => ({
  id: 'r', datasetId: 'd', modelId: 'mlp', hparamsId: h.id, model: BUILT_IN_MODELS.find((m) => m.id === 'mlp')!, hparams: h,
  status: 'queued', enqueuedAt: 0, history: [], checkpointEpoch: -1,
});

/** Trains the run to the end (or to a failed checkpoint write after `stopAfterEpoch`) and keeps what it stored. */
async function trained(h: HParams, options: RunDataOptions, from?: { run: RunRecord; artifacts: StoredArtifacts }, stopAfterEpoch?: number) {
  const runs = new Map([['r', structuredClone(from?.run ?? runOf(h))]]);
  let artifacts = from?.artifacts;
  const tensorsAtEpochEnd: number[] = [];
  const store: TrainRunStore = {
    ...memoryRuns(runs), getDataset: async () => dataset, readShard: stored.readShard,
    getArtifacts: async () => artifacts,
    putArtifacts: async (a) => {
      if (a.epoch === stopAfterEpoch) throw new Error('page reloaded');
      artifacts = structuredClone(a);
    },
  };
  stored.reads.length = 0;
  const result = await trainRun(store, 'r', { name: 'cpu', reason: 'test' }, (p) => p.epochStats && tensorsAtEpochEnd.push(p.numTensors), undefined, undefined, { ...options, windowBytes })
    .catch((error: Error) => error);
  return { result, run: runs.get('r')!, artifacts: artifacts!, reads: [...stored.reads], tensorsAtEpochEnd, weights: new Float32Array(artifacts!.weightData) };
}

const numbers = (history: readonly EpochStats[]) => history.map(({ loss, accuracy, valLoss, valAccuracy }) => ({ loss, accuracy, valLoss, valAccuracy }));

describe('a run streamed from stored shards', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const validation of [{ kind: 'split', fraction: 0.15 }, { kind: 'test' }] as const) {
    it(`trains exactly as the run held in memory: same losses, accuracies, weights and test accuracy (validation on ${validation.kind})`, async () => {
      const h = { ...hparams, validation };
      const memory = await trained(h, { residency: 'memory' });
      const streamed = await trained(h, { residency: 'stream' });
      expect(numbers(streamed.run.history)).toEqual(numbers(memory.run.history));
      expect(streamed.run.testAccuracy).toBe(memory.run.testAccuracy);
      expect(streamed.run.validation).toEqual(memory.run.validation);
      expect(streamed.weights.every((w, i) => w === memory.weights[i])).toBe(true);
      expect(memory.run.history[2]!.valAccuracy).toBeGreaterThan(0.5);
      // In memory each train shard is read once; streamed, every epoch reads them again.
      const trainReads = (reads: string[]) => reads.filter((r) => r.startsWith('train/')).length;
      expect(trainReads(memory.reads)).toBe(stored.shardLayout.counts.train!.length);
      expect(trainReads(streamed.reads)).toBeGreaterThanOrEqual(3 * stored.shardLayout.counts.train!.length);
    });
  }

  for (const validation of [{ kind: 'split', fraction: 0.15 }, { kind: 'test' }] as const) {
    it(`holds the validation images of a streamed run when they fit, reading them once instead of every epoch (validation on ${validation.kind})`, async () => {
      const h = { ...hparams, validation };
      const held = await trained(h, { residency: 'stream' });
      const streamedAll = await trained(h, { residency: 'stream', budgetBytes: 1000 });
      expect(numbers(held.run.history)).toEqual(numbers(streamedAll.run.history));
      expect(held.run.testAccuracy).toBe(streamedAll.run.testAccuracy);
      const reads = (list: string[], split: string) => list.filter((r) => r.startsWith(`${split}/`)).length;
      const [train, test] = [stored.shardLayout.counts.train!.length, stored.shardLayout.counts.test!.length];
      if (validation.kind === 'split') {
        // Once for the labels (which images are held out), once to gather those, then once per epoch to train;
        // streamed, every epoch also read them all again to validate.
        expect(reads(held.reads, 'train')).toBe(5 * train);
        expect(reads(streamedAll.reads, 'train')).toBe(7 * train);
      } else {
        // Read once into memory, for validation and the test accuracy alike.
        expect(reads(held.reads, 'test')).toBe(test);
        expect(reads(streamedAll.reads, 'test')).toBe(4 * test);
      }
    });
  }

  it('holds the same number of tensors at the end of every epoch', async () => {
    const streamed = await trained({ ...hparams, epochs: 4 }, { residency: 'stream' });
    expect(streamed.tensorsAtEpochEnd).toHaveLength(4);
    expect(new Set(streamed.tensorsAtEpochEnd).size).toBe(1);
  });

  it('resumed from its checkpoint after epoch 1 ends with exactly the weights of an uninterrupted run', async () => {
    const residency = 'stream';
    // SGD with momentum: tfjs's Adam recomputes beta^t with pow() when its state is restored, where a run that never
    // stopped multiplied it step by step, so a resumed Adam run drifts in the last bits whatever the data path.
    const h: HParams = { ...hparams, optimizer: 'sgd', learningRate: 0.05 };
    const straight = await trained(h, { residency });
    const stopped = await trained(h, { residency }, undefined, 1);
    expect(stopped.result).toBeInstanceOf(Error);
    const resumed = await trained(h, { residency }, { run: { ...stopped.run, checkpointEpoch: 0 }, artifacts: stopped.artifacts });
    expect(resumed.run.status).toBe('done');
    // Compared element by element: a failing toEqual on 100,000 floats takes a minute to print.
    expect(resumed.weights.every((w, i) => w === straight.weights[i])).toBe(true);
    expect(numbers(resumed.run.history)).toEqual(numbers(straight.run.history));
  });

  it('decides from the device\'s memory when not told: 400 digits stay in memory, and stream under a tiny budget', async () => {
    const auto = await trained(hparams, {});
    expect(auto.reads.filter((r) => r.startsWith('train/')).length).toBe(stored.shardLayout.counts.train!.length);
    const tiny = await trained(hparams, { budgetBytes: 1000 });
    expect(tiny.reads.filter((r) => r.startsWith('train/')).length).toBeGreaterThan(3 * stored.shardLayout.counts.train!.length);
    expect(numbers(tiny.run.history)).toEqual(numbers(auto.run.history));
  });
});
