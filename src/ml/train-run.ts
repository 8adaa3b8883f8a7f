// One run from start (or its last checkpoint) to finish: load the data and the model, train,
// checkpoint after each epoch, record the result. Storage reaches it through the port below.
import * as tf from '@tensorflow/tfjs';
import type { LayersArtifacts } from '../core/model-artifacts';
import type { EpochStats, RunRecord } from '../core/run';
import { plannedValidation } from '../core/run-validation';
import { errorLike } from '../core/run-failure';
import { checkpointFailureMessage } from '../core/storage-failure';
import type { DatasetRecord, ShardData, Split } from '../core/types';
import { backboneOf, backboneTrainingModel, featuresOf, finishedBackboneArtifacts, type BackboneRunStore, type FeatureProgress } from './backbone-run';
import { buildModel } from './build-model';
import type { TrainData } from './feature-set';
import { restoreOptimizer, saveOptimizer, type StoredOptimizer } from './optimizer-state';
import { trainAndValidation } from './validation-split';
import { evaluateBatches, evaluateLoss, makeOptimizer, train, type BatchProgress } from './train';
import type { EpochData } from './epoch-data';
import { runData, splitParts, type RunDataOptions } from './run-data';

export interface StoredArtifacts extends LayersArtifacts {
  runId: string;
  epoch: number;
  /** Optimizer state (Adam's moments, momentum…), so a resumed run continues as if never stopped. */
  optimizerWeights?: StoredOptimizer;
}

/** What a training run needs from storage. */
export interface TrainRunStore {
  getRun(id: string): Promise<RunRecord | undefined>;
  updateRun(id: string, change: (run: RunRecord) => void): Promise<RunRecord | undefined>;
  getDataset(id: string): Promise<DatasetRecord | undefined>;
  /** One stored shard of a split (DatasetStore.readShard): training reads shards only through this. */
  readShard(dataset: DatasetRecord, split: Split, index: number): Promise<ShardData>;
  getArtifacts(runId: string): Promise<StoredArtifacts | undefined>;
  putArtifacts(artifacts: StoredArtifacts): Promise<void>;
  /** Backbones and their cached features (runs whose model has a backbone). */
  backbones?: BackboneRunStore;
}

export interface TrainProgress {
  runId: string;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  runningLoss: number;
  samplesPerSecond: number;
  /** Estimated from the current rate over what is left of all epochs. */
  secondsLeft: number;
  numTensors: number;
  numBytes: number;
  /** Present when an epoch just ended. */
  epochStats?: EpochStats;
  /** Present while a backbone computes the features its head trains on (before the first epoch). */
  features?: FeatureProgress;
}

export async function trainRun(
  store: TrainRunStore,
  runId: string,
  backend: { name: string; reason: string },
  onProgress: (p: TrainProgress) => void,
  signal?: AbortSignal,
  /** Successive halving: train only this many epochs now, then wait for the rest of the rung. */
  stopAfterEpochs?: number,
  /** Where the images are held (by default decided from the device's memory). */
  dataOptions: RunDataOptions = {},
): Promise<RunRecord> {
  const run = await store.getRun(runId);
  if (!run) throw new Error(`run ${runId} does not exist`);
  const dataset = await store.getDataset(run.datasetId);
  if (!dataset) throw new Error(`the dataset of run ${runId} was deleted`);
  const use = run.model.backbone;
  const backbones = store.backbones;
  if (use && !backbones) throw new Error('this worker cannot train models with a backbone');
  const backbone = use && backbones ? await backboneOf(backbones, use, `${run.model.name} · ${run.hparams.name}`) : undefined;
  const reportFeatures = (features: FeatureProgress) => {
    const memory = tf.memory();
    onProgress({
      runId, epoch: 0, epochs: run.hparams.epochs, batch: 0, batches: 0, runningLoss: Number.NaN, samplesPerSecond: 0,
      secondsLeft: features.secondsLeft, numTensors: memory.numTensors, numBytes: memory.numBytes, features,
    });
  };
  // Frozen backbone: the head trains on cached feature vectors (in memory); otherwise on the images, in memory or
  // streamed from their shards. Validation is decided once and recorded; a resumed run keeps it.
  const features = backbone && use?.trainable === 0 && backbones
    ? (split: Split): Promise<TrainData> => featuresOf(backbones, dataset, backbone, split, () => splitParts(store, dataset, split), reportFeatures, signal)
    : undefined;
  const batchSize = run.hparams.batchSize;
  const images = features ? undefined : await runData(store, dataset, plannedValidation(run), run.hparams.seed, batchSize, dataOptions);
  const featureSets = features ? await featureData(features, run.hparams, plannedValidation(run)) : undefined;
  const trainSet: TrainData | EpochData = images ? images.data : (featureSets as FeatureData).train;
  const validation = featureSets?.validation;
  const used = images ? images.used : (featureSets as FeatureData).used;
  const classes = dataset.classes.length;
  const model = await (async () => (backbone ? backboneTrainingModel(run, backbone, dataset) : buildModel(run.model.layers, dataset.shape, classes, run.hparams.seed)))()
    .catch((error: unknown) => {
      images?.dispose(); // a split kept on the GPU is freed when the model cannot be built
      throw error;
    });
  const optimizer = makeOptimizer(run.hparams);
  try {
    const checkpoint = run.checkpointEpoch >= 0 ? await store.getArtifacts(runId) : undefined;
    if (checkpoint) await restoreWeights(model, checkpoint);
    if (checkpoint?.optimizerWeights) await restoreOptimizer(optimizer, checkpoint.optimizerWeights);
    const startEpoch = checkpoint ? checkpoint.epoch + 1 : 0;
    await store.updateRun(runId, (r) => {
      r.status = 'running';
      r.startedAt ??= Date.now();
      r.backend = backend.name;
      r.backendReason = backend.reason;
      r.validation = used;
      r.history = r.history.slice(0, startEpoch);
      delete r.error;
      delete r.waiting;
    });
    const epochs = Math.min(run.hparams.epochs, stopAfterEpochs ?? Number.POSITIVE_INFINITY);
    const stopsEarly = epochs < run.hparams.epochs;
    let lastRate = 0;
    const report = (p: BatchProgress, epochStats?: EpochStats) => {
      lastRate = p.samplesPerSecond || lastRate;
      const samplesLeft = (epochs - p.epoch - 1) * trainSet.count + (p.batches - p.batch) * run.hparams.batchSize;
      const memory = tf.memory();
      onProgress({
        runId, epoch: p.epoch, epochs, batch: p.batch, batches: p.batches, runningLoss: p.runningLoss,
        samplesPerSecond: p.samplesPerSecond, secondsLeft: lastRate > 0 ? Math.max(0, samplesLeft) / lastRate : Number.NaN,
        numTensors: memory.numTensors, numBytes: memory.numBytes, ...(epochStats ? { epochStats } : {}),
      });
    };
    await train({
      model, optimizer, hparams: { ...run.hparams, epochs }, classes, train: trainSet, ...(validation ? { validation } : {}), startEpoch, previous: run.history.slice(0, startEpoch),
      ...(signal ? { signal } : {}),
      onBatch: (p) => report(p),
      onEpoch: async (stats) => {
        try {
          await saveCheckpoint(store, runId, stats.epoch, model, optimizer);
          await store.updateRun(runId, (r) => {
            r.history = [...r.history.slice(0, stats.epoch), stats];
            r.checkpointEpoch = stats.epoch;
          });
        } catch (error) {
          // A full disk says so and what to do, not "Failed to write blobs (IOError)".
          const message = checkpointFailureMessage(errorLike(error), stats.epoch);
          throw message ? new Error(message) : error;
        }
        const batches = Math.ceil(trainSet.count / run.hparams.batchSize);
        report({ epoch: stats.epoch, batch: batches, batches, runningLoss: stats.loss, samplesPerSecond: stats.samplesPerSecond }, stats);
      },
    });
    if (stopsEarly) {
      return (await store.updateRun(runId, (r) => {
        r.status = 'queued';
        r.waiting = true;
      })) as RunRecord;
    }
    const test = images ? (images.testCount > 0 ? await evaluateBatches(model, images.test(), batchSize) : undefined)
      : featureSets && featureSets.test.count > 0 ? await evaluateLoss(model, featureSets.test, classes, batchSize) : undefined;
    if (backbone) {
      // The stored model becomes the one that takes images: backbone + head, with the head alone beside it.
      const trained = await store.getArtifacts(runId);
      if (trained) await store.putArtifacts({ ...trained, ...(await finishedBackboneArtifacts(run, backbone, trained, dataset)) });
    }
    const done = await store.updateRun(runId, (r) => {
      r.status = 'done';
      r.finishedAt = Date.now();
      if (test) r.testAccuracy = test.accuracy;
    });
    return done as RunRecord;
  } finally {
    images?.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

interface FeatureData {
  train: TrainData;
  validation: TrainData;
  test: TrainData;
  used: ReturnType<typeof trainAndValidation>['used'];
}

/** A frozen backbone's feature vectors per split, and the validation held out of them. */
async function featureData(features: (split: Split) => Promise<TrainData>, hparams: RunRecord['hparams'], planned: ReturnType<typeof plannedValidation>): Promise<FeatureData> {
  const test = await features('test');
  return { ...trainAndValidation(hparams, await features('train'), test, planned), test };
}

async function saveCheckpoint(store: TrainRunStore, runId: string, epoch: number, model: tf.LayersModel, optimizer: tf.Optimizer): Promise<void> {
  const optimizerWeights = await saveOptimizer(optimizer);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData;
      const buffer = weightData instanceof ArrayBuffer ? weightData : tf.io.concatenateArrayBuffers(weightData ?? []);
      await store.putArtifacts({
        runId, epoch, modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs ?? [], weightData: buffer,
        format: artifacts.format ?? 'layers-model', generatedBy: artifacts.generatedBy ?? '', convertedBy: artifacts.convertedBy ?? null,
        optimizerWeights,
      });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** Weights are stored in the model's own order, so a rebuilt model (with fresh layer names) takes them back by position. */
async function restoreWeights(model: tf.LayersModel, stored: StoredArtifacts): Promise<void> {
  const specs = stored.weightSpecs as tf.io.WeightsManifestEntry[];
  const named = tf.io.decodeWeights(stored.weightData, specs);
  if (specs.length !== model.weights.length) throw new Error(`the checkpoint has ${specs.length} weights, the model ${model.weights.length}`);
  model.setWeights(specs.map((s) => named[s.name] as tf.Tensor));
  tf.dispose(Object.values(named));
}
