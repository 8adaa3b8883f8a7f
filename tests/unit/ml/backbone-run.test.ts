// A run whose model is a head on a pretrained backbone, through the same trainRun as every run: the backbone's
// features are computed once per dataset and cached (same data → reused; other data → computed again), the head
// trains on them, and the finished run stores one model that takes images, which analysis loads and predicts with.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackboneRecord } from '../../../src/core/backbone';
import type { CachedFeatures } from '../../../src/core/feature-cache';
import type { HParams } from '../../../src/core/hparams';
import type { ModelSpec } from '../../../src/core/model-spec';
import type { RunRecord } from '../../../src/core/run';
import type { DatasetRecord, Split } from '../../../src/core/types';
import { loadRunModel, predictProbabilities } from '../../../src/ml/analyse';
import { concatImageSets } from '../../../src/ml/image-set';
import { registerWasmGradKernels } from '../../../src/ml/kernels/wasm/grad-kernels';
import { trainRun, type StoredArtifacts, type TrainRunStore } from '../../../src/ml/train-run';
import { loadDigits } from '../../support/digits';
import { addRunFiles } from '../../../src/export/run-zip';
import { RunArchive } from '../../../src/export/run-archive';
import { openTrainyardDB } from '../../../src/storage/db';
import { AnalysisStore } from '../../../src/storage/analyses';
import { ArtifactStore } from '../../../src/storage/artifacts';
import { DatasetStore } from '../../../src/storage/datasets';
import { RunStore } from '../../../src/storage/runs';
import { putImportedRuns } from '../../../src/storage/run-import';
import { fakePlots } from '../export/run-fixture';
import { memoryRuns } from '../../support/memory-runs';
import { memoryShards } from '../../support/memory-read-shards';
import { pretrainedRecord } from '../../support/pretrained';

// Real digits 0 and 1: 24 to train on, 12 to test.
const zerosAndOnes = loadDigits(60).filter((d) => d.label <= 1);
const split = (from: number, to: number) => {
  const part = zerosAndOnes.slice(from, to);
  const pixels = new Uint8Array(part.length * 784);
  part.forEach((d, i) => pixels.set(d.pixels, i * 784));
  return [{ count: part.length, pixels, labels: Uint16Array.from(part, (d) => d.label), paths: part.map((_, i) => `${i}.png`) }];
};
const shards = { train: split(0, 24), test: split(24, 36) };

const stored = memoryShards(shards);
const datasetOf = (id: string, shardLayout = stored.shardLayout): DatasetRecord => ({
  id, name: id, createdAt: 1, layout: 'class-folders', shape: [28, 28, 1], classes: ['0', '1'],
  counts: {}, bytes: 36 * 784, report: { skipped: [], warnings: [], images: 36, files: 36, seconds: 0 }, shardLayout,
});

const hparams: HParams = { id: 'h', name: 'H', priority: 0, enabled: true, epochs: 6, batchSize: 8, optimizer: 'adam', learningRate: 0.003, seed: 3, validation: { kind: 'split', fraction: 0.25 } };

describe('a run on a frozen pretrained backbone (nsfwjs MobileNetV2 graph model)', () => {
  let backbone: BackboneRecord;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    backbone = pretrainedRecord('mobilenet_v2_mid');
  });

  function world() {
    const cache = new Map<string, CachedFeatures>();
    const puts: string[] = [];
    const artifacts = new Map<string, StoredArtifacts>();
    const runs = new Map<string, RunRecord>();
    const datasets = new Map([['a', datasetOf('a')], ['b', datasetOf('b')]]);
    const key = (d: string, b: string, l: string, s: Split) => `${d}/${b}/${l}/${s}`;
    const store: TrainRunStore = {
      ...memoryRuns(runs),
      getDataset: async (id) => datasets.get(id),
      readShard: stored.readShard,
      getArtifacts: async (id) => structuredClone(artifacts.get(id)),
      putArtifacts: async (a) => void artifacts.set(a.runId, structuredClone(a)),
      backbones: {
        getBackbone: async (id) => (id === backbone.id ? backbone : undefined),
        getFeatures: async (d, b, l, s) => cache.get(key(d, b, l, s)),
        putFeatures: async (f) => {
          puts.push(key(f.datasetId, f.backboneId, f.featureLayer, f.split));
          cache.set(key(f.datasetId, f.backboneId, f.featureLayer, f.split), f);
        },
      },
    };
    const model: ModelSpec = {
      id: 'head', name: 'Head', description: '', priority: 0, enabled: true, builtIn: false, backbone: { id: backbone.id, trainable: 0 },
      layers: [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 'classes', activation: 'softmax' }],
    };
    const enqueue = (id: string, datasetId: string) => runs.set(id, {
      id, datasetId, modelId: model.id, hparamsId: hparams.id, model, hparams, status: 'queued', enqueuedAt: 0, history: [], checkpointEpoch: -1,
    });
    return { store, puts, artifacts, enqueue };
  }

  it('computes features once per dataset with progress, trains the head, and stores a model that takes images', async () => {
    const { store, puts, artifacts, enqueue } = world();
    enqueue('r1', 'a');
    const progress: number[] = [];
    const done = await trainRun(store, 'r1', { name: 'wasm', reason: 'test' }, (p) => p.features && progress.push(p.features.done));
    expect(done.status).toBe('done');
    expect(done.testAccuracy).toBeGreaterThanOrEqual(10 / 12);
    expect(done.validation).toMatchObject({ kind: 'split', images: 6 });
    expect(puts.sort()).toEqual([`a/${backbone.id}/${backbone.featureLayer}/test`, `a/${backbone.id}/${backbone.featureLayer}/train`]);
    expect(progress.at(-1)).toBe(24);

    // The stored model takes 28×28 grey images and agrees with the run's test accuracy; the head is kept beside it.
    const stored = artifacts.get('r1')!;
    expect(stored.format).toBe('graph-model');
    expect(stored.head?.format ?? 'layers-model').toBe('layers-model');
    const model = await loadRunModel(store, 'r1');
    const test = concatImageSets([28, 28, 1], shards.test);
    const probs = await predictProbabilities(model, test);
    model.dispose();
    const correct = Array.from(test.labels).filter((label, i) => (probs[i * 2 + label] as number) > (probs[i * 2 + 1 - label] as number)).length;
    expect(correct / test.count).toBeCloseTo(done.testAccuracy!, 5);

    // Its run zip holds the whole model and the head alone, and imports into a fresh profile as a model that predicts the same.
    const zip = new JSZip();
    await addRunFiles(zip, { run: done, artifacts: { ...stored, runId: 'r1', epoch: stored.epoch } }, fakePlots, {});
    expect(zip.file('head/model.json')).not.toBeNull();
    const db = await openTrainyardDB('backbone-run-import');
    const archive = new RunArchive({
      runs: new RunStore(db), artifacts: new ArtifactStore(db), analyses: new AnalysisStore(db), datasets: new DatasetStore(db),
      putImportedRuns: (runs) => putImportedRuns(db, runs),
    }, fakePlots, {});
    await archive.importRuns('run.zip', new Blob([(await zip.generateAsync({ type: 'uint8array' })).slice()]));
    const imported = await loadRunModel({ getArtifacts: async (id) => db.get('artifacts', id) }, 'r1');
    const again = await predictProbabilities(imported, test);
    imported.dispose();
    db.close();
    expect(Math.max(...Array.from(again, (p, i) => Math.abs(p - (probs[i] as number))))).toBeLessThan(1e-5);

    // Another head on the same data reuses the features; the same images under another dataset id compute them again.
    enqueue('r2', 'a');
    await trainRun(store, 'r2', { name: 'wasm', reason: 'test' }, () => {});
    expect(puts).toHaveLength(2);
    enqueue('r3', 'b');
    await trainRun(store, 'r3', { name: 'wasm', reason: 'test' }, () => {});
    expect(puts).toHaveLength(4);
  }, 120_000);

  it('says when the backbone is not stored here', async () => {
    const { store, enqueue } = world();
    enqueue('r1', 'a');
    const run = (await store.getRun('r1'))!;
    await store.updateRun('r1', (r) => void (r.model = { ...run.model, backbone: { id: 'gone', trainable: 0 } }));
    await expect(trainRun(store, 'r1', { name: 'wasm', reason: 'test' }, () => {})).rejects.toThrow(/uses the backbone "gone", which is not stored here/);
  });
});

describe('a run that fine-tunes the last layers of a Layers backbone (nsfwjs MobileNetV2)', () => {
  it('trains through the backbone with a checkpoint per epoch, resumes from it after a stop, and ends with one Layers model that takes images', async () => {
    await tf.setBackend('wasm');
    registerWasmGradKernels('fast');
    const record = pretrainedRecord('mobilenet_v2');
    const runs = new Map<string, RunRecord>();
    let stored: StoredArtifacts | undefined;
    // A reload while epoch 1's checkpoint is written: epoch 0's is the last one stored.
    let stopAt: number | undefined = 1;
    const small = memoryShards({ train: split(0, 12), test: split(24, 30) });
    const store: TrainRunStore = {
      ...memoryRuns(runs),
      getDataset: async () => datasetOf('a', small.shardLayout),
      readShard: small.readShard,
      getArtifacts: async () => structuredClone(stored),
      putArtifacts: async (a) => {
        if (a.epoch === stopAt) throw new Error('page reloaded');
        stored = structuredClone(a);
      },
      backbones: { getBackbone: async () => record, getFeatures: async () => undefined, putFeatures: async () => undefined },
    };
    const model: ModelSpec = {
      id: 'ft', name: 'Fine-tuned', description: '', priority: 0, enabled: true, builtIn: false, backbone: { id: record.id, trainable: 2 },
      layers: [{ type: 'dense', units: 'classes', activation: 'softmax' }],
    };
    runs.set('ft', { id: 'ft', datasetId: 'a', modelId: 'ft', hparamsId: 'h', model, hparams: { ...hparams, epochs: 2, batchSize: 6 }, status: 'queued', enqueuedAt: 0, history: [], checkpointEpoch: -1 });
    await expect(trainRun(store, 'ft', { name: 'wasm', reason: 'test' }, () => {})).rejects.toThrow('page reloaded');
    expect(runs.get('ft')!.checkpointEpoch).toBe(0);
    const firstEpoch = runs.get('ft')!.history[0];
    stopAt = undefined;
    const done = await trainRun(store, 'ft', { name: 'wasm', reason: 'test' }, () => {});
    expect(done.status).toBe('done');
    expect(done.history).toHaveLength(2);
    expect(done.history[0]).toEqual(firstEpoch);
    expect(stored!.format ?? 'layers-model').toBe('layers-model');
    expect(stored!.head).toBeDefined();
    const loaded = await loadRunModel(store, 'ft');
    const probs = await predictProbabilities(loaded, concatImageSets([28, 28, 1], split(24, 30)));
    loaded.dispose();
    expect(probs).toHaveLength(6 * 2);
    expect(Array.from(probs).every(Number.isFinite)).toBe(true);
  }, 180_000);
});
