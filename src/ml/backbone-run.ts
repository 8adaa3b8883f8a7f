// The part of a run that is special to a backbone: frozen, the backbone's features of every image are computed
// once per dataset × backbone × feature layer (in batches, with progress), cached, and the head trains on them;
// fine-tuned, the backbone's last K layers train with the head on the images. When the run is done, the stored
// model becomes the one that takes images (backbone + head), with the head alone beside it.
import * as tf from '@tensorflow/tfjs';
import type { BackboneRecord } from '../core/backbone';
import type { CachedFeatures } from '../core/feature-cache';
import { artifactsFromModelJson, type LayersArtifacts } from '../core/model-artifacts';
import type { BackboneUse } from '../core/model-spec';
import type { RunRecord } from '../core/run';
import type { DatasetRecord, Split } from '../core/types';
import { exportBackboneRun } from './backbone/export-run';
import { extractPartFeatures } from './backbone/extract-features';
import { buildFineTuneModel } from './backbone/fine-tune';
import { loadBackbone } from './backbone/load-backbone';
import { buildModel } from './build-model';
import type { FeatureSet } from './feature-set';
import type { ImageParts } from './image-set';

/** What a backbone run needs from storage, beyond a plain run. */
export interface BackboneRunStore {
  getBackbone(id: string): Promise<BackboneRecord | undefined>;
  getFeatures(datasetId: string, backboneId: string, featureLayer: string, split: Split): Promise<CachedFeatures | undefined>;
  putFeatures(features: CachedFeatures): Promise<void>;
}

/** Progress of the feature pass, before the head's first epoch. */
export interface FeatureProgress {
  split: Split;
  done: number;
  total: number;
  imagesPerSecond: number;
  secondsLeft: number;
}

export async function backboneOf(store: BackboneRunStore, use: BackboneUse, runName: string): Promise<BackboneRecord> {
  const record = await store.getBackbone(use.id);
  if (!record) throw new Error(`${runName} uses the backbone "${use.id}", which is not stored here: import it (Models → Backbones) and resume the queue`);
  if (use.trainable > 0 && record.format !== 'layers') {
    throw new Error(`${record.name} is a graph model, whose weights tfjs cannot train: set "trainable" to 0 to train a head on its features`);
  }
  return record;
}

/**
 * The features of one split: from the cache, or computed now on the active backend and cached. The images come
 * shard by shard (run-data's splitParts), so a split of any size is never held whole.
 */
export async function featuresOf(
  store: BackboneRunStore, dataset: DatasetRecord, record: BackboneRecord, split: Split, images: () => ImageParts,
  onProgress: (p: FeatureProgress) => void, signal?: AbortSignal,
): Promise<FeatureSet> {
  const cached = await store.getFeatures(dataset.id, record.id, record.featureLayer, split);
  if (cached && cached.size === record.featureSize) return { size: cached.size, count: cached.count, values: cached.values, labels: cached.labels };
  const set = images();
  const started = performance.now();
  const backbone = await loadBackbone(record);
  let values: Float32Array;
  let labels: Uint16Array;
  try {
    ({ values, labels } = await extractPartFeatures(backbone, set, {
      ...(signal ? { signal } : {}),
      onProgress: (done, total) => {
        const seconds = (performance.now() - started) / 1000;
        const rate = done / Math.max(1e-3, seconds);
        onProgress({ split, done, total, imagesPerSecond: rate, secondsLeft: (total - done) / Math.max(1e-9, rate) });
      },
    }));
  } finally {
    backbone.dispose();
  }
  const features: CachedFeatures = {
    datasetId: dataset.id, backboneId: record.id, featureLayer: record.featureLayer, split, count: set.count, size: record.featureSize,
    values, labels, backend: tf.getBackend(), seconds: (performance.now() - started) / 1000, createdAt: Date.now(),
  };
  await store.putFeatures(features);
  return { size: features.size, count: features.count, values, labels: features.labels };
}

/** The model a backbone run trains: the head alone (frozen), or backbone + head (fine-tuned). */
export async function backboneTrainingModel(run: RunRecord, record: BackboneRecord, dataset: DatasetRecord): Promise<tf.LayersModel> {
  const use = run.model.backbone as BackboneUse;
  const classes = dataset.classes.length;
  if (use.trainable === 0) return buildModel(run.model.layers, [record.featureSize], classes, run.hparams.seed);
  return buildFineTuneModel(record, use.trainable, run.model.layers, dataset.shape, classes, run.hparams.seed);
}

/** A finished backbone run's stored model: one that takes images (backbone + head), with the head alone beside it. */
export async function finishedBackboneArtifacts(run: RunRecord, record: BackboneRecord, trained: LayersArtifacts, dataset: DatasetRecord): Promise<LayersArtifacts> {
  const kind = (run.model.backbone as BackboneUse).trainable === 0 ? 'head' : 'fine-tuned';
  const files = await exportBackboneRun(record, trained, kind, dataset.shape);
  return { ...artifactsFromModelJson(files.combined.modelJson, files.combined.weights), head: artifactsFromModelJson(files.head.modelJson, files.head.weights) };
}
