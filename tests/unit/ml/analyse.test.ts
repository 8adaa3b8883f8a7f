import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisRecord } from '../../../src/core/analysis';
import { missingRuns, type RunRecord } from '../../../src/core/run';
import type { DatasetRecord, Split } from '../../../src/core/types';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../../src/core/zoo';
import { analyseRun, FAILURE_LIMIT, loadRunModel, predictProbabilities, type AnalyseStore } from '../../../src/ml/analyse';
import type { FailureIndex } from '../../../src/core/analysis';
import { summariseTest } from '../../../src/core/metrics-summary';
import { evaluateLoss } from '../../../src/ml/train';
import { concatImageSets } from '../../../src/ml/image-set';
import { trainRun, type StoredArtifacts, type TrainRunStore } from '../../../src/ml/train-run';
import { loadDigits, type Digit } from '../../support/digits';
import { memoryRuns } from '../../support/memory-runs';
import { cutShard, memoryShards } from '../../support/memory-read-shards';

type Shard = { count: number; pixels: Uint8Array; labels: Uint16Array; paths: string[] };
const shardOf = (digits: Digit[], split: string): Shard => ({
  count: digits.length,
  pixels: concatImageSets([28, 28, 1], digits.map((d) => ({ count: 1, pixels: d.pixels, labels: Uint16Array.of(d.label) }))).pixels,
  labels: Uint16Array.from(digits, (d) => d.label),
  paths: digits.map((_, i) => `${split}/${String(i).padStart(5, '0')}.png`),
});

/** An in-memory database holding one dataset of real digits and its runs. */
function memoryStore(train: Digit[], test: Digit[]) {
  const shards: Record<Split, Shard[]> = { train: [shardOf(train, 'train')], val: [], test: test.length ? [shardOf(test, 'test')] : [] };
  const stored = memoryShards(shards);
  const dataset: DatasetRecord = {
    id: 'digits', name: 'Digits', createdAt: 1, layout: 'csv', shape: [28, 28, 1], classes: '0123456789'.split(''),
    counts: {}, bytes: 0, report: { skipped: [], warnings: [], images: train.length + test.length, files: 0, seconds: 0 }, shardLayout: stored.shardLayout,
  };
  const runs = new Map<string, RunRecord>();
  const artifacts = new Map<string, StoredArtifacts>();
  const analyses = new Map<string, AnalysisRecord>();
  const model = BUILT_IN_MODELS.find((m) => m.id === 'mlp')!;
  const [run] = missingRuns([dataset], [model], [{ ...BUILT_IN_HPARAMS[0]!, epochs: 3 }], new Set(), 0);
  runs.set(run!.id, run!);
  const store: TrainRunStore & AnalyseStore = {
    ...memoryRuns(runs),
    getDataset: async () => dataset,
    readShard: stored.readShard,
    getArtifacts: async (id) => artifacts.get(id),
    putArtifacts: async (a) => void artifacts.set(a.runId, a),
    putAnalysis: async (a) => void analyses.set(a.runId, a),
  };
  return { store, runId: run!.id, analyses, shards };
}

const backend = { name: 'cpu', reason: 'test' };

describe('analyse a run trained on real digits (cpu backend)', () => {
  const digits = loadDigits(50);

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('measures the test split with the stored model, keeps real failures and leaks no tensor', async () => {
    const { store, runId, analyses, shards } = memoryStore(digits.slice(0, 400), digits.slice(400));
    await trainRun(store, runId, backend, () => {});
    const before = tf.memory().numTensors;
    const record = await analyseRun(store, runId, 32);
    expect(tf.memory().numTensors).toBe(before);
    expect(analyses.get(runId)).toBe(record);

    const m = record.metrics!;
    expect(m.count).toBe(100);
    expect(m.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
    expect(m.perClass.map((s) => s.support)).toEqual(new Array(10).fill(10));
    const run = await store.getRun(runId);
    expect(m.accuracy).toBeCloseTo(run!.testAccuracy!, 6);
    expect(m.accuracy).toBeGreaterThan(0.5);
    expect(record.parameters).toBe(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);

    const testSet = concatImageSets([28, 28, 1], shards.test);
    expect(record.confident.length).toBe(Math.min(24, Math.round(100 * (1 - m.accuracy))));
    for (const f of record.confident) {
      expect(f.predicted).not.toBe(f.label);
      expect(f.label).toBe(testSet.labels[f.index]);
      expect(f.confidence).toBe(Math.max(...f.probabilities));
      expect(f.pixels).toEqual(testSet.pixels.slice(f.index * 784, (f.index + 1) * 784));
      expect(f.path).toBe(`test/${String(f.index).padStart(5, '0')}.png`);
    }
    const confidences = record.confident.map((f) => f.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    const trueProbabilities = record.spectacular.map((f) => f.trueProbability);
    expect(trueProbabilities).toEqual([...trueProbabilities].sort((a, b) => a - b));
  });

  it('agrees with the training loop on test loss', async () => {
    const { store, runId, shards } = memoryStore(digits.slice(0, 300), digits.slice(450));
    await trainRun(store, runId, backend, () => {});
    const record = await analyseRun(store, runId);
    const { loadRunModel } = await import('../../../src/ml/analyse');
    const model = await loadRunModel(store, runId);
    const direct = await evaluateLoss(model, concatImageSets([28, 28, 1], shards.test), 10, 64);
    model.dispose();
    expect(record.metrics!.loss).toBeCloseTo(direct.loss, 4);
  });

  it('streams a test split of several shards, window by window, to exactly the analysis of the split held in memory', async () => {
    const { store, runId, shards } = memoryStore(digits.slice(0, 300), digits.slice(300));
    await trainRun(store, runId, backend, () => {});
    // The same 200 test digits in shards of 23, 41 and 60, read in windows of at most 70 images.
    const test = concatImageSets([28, 28, 1], shards.test);
    const paths = shards.test[0]!.paths;
    const cut = memoryShards({ train: shards.train, test: cutShard({ ...test, paths }, [23, 41, 60], 784) });
    const dataset = { ...(await store.getDataset('digits'))!, shardLayout: cut.shardLayout };
    const streamed = await analyseRun({ ...store, getDataset: async () => dataset, readShard: cut.readShard }, runId, 32, 70 * 784);
    expect(cut.reads.filter((r) => r.startsWith('test/')).length).toBeGreaterThan(6);

    const model = await loadRunModel(store, runId);
    const values = await predictProbabilities(model, test, 32);
    model.dispose();
    const summary = summariseTest({ values, count: test.count, classes: 10 }, test.labels, FAILURE_LIMIT);
    expect(streamed.metrics).toEqual(summary.metrics);
    const expected = (f: FailureIndex) => ({
      ...f, path: paths[f.index], probabilities: Array.from(values.subarray(f.index * 10, (f.index + 1) * 10)), pixels: test.pixels.slice(f.index * 784, (f.index + 1) * 784),
    });
    expect(streamed.confident).toEqual(summary.confident.map(expected));
    expect(streamed.spectacular).toEqual(summary.spectacular.map(expected));
    expect(streamed.confident.length).toBeGreaterThan(0);
  });

  it('stores a readable message, and no metrics, when the test split is empty', async () => {
    const { store, runId } = memoryStore(digits.slice(0, 200), []);
    await trainRun(store, runId, backend, () => {});
    const record = await analyseRun(store, runId);
    expect(record.metrics).toBeUndefined();
    expect(record.emptyMessage).toMatch(/^The dataset "Digits" has no test split/);
    expect(record.confident).toEqual([]);
  });

  it('refuses a run that has not finished, naming it', async () => {
    const { store, runId } = memoryStore(digits.slice(0, 100), digits.slice(100, 120));
    await expect(analyseRun(store, runId)).rejects.toThrow('run MLP · Quick (Adam, 4 epochs) is queued, not done: only finished runs are analysed');
  });
});
