// Analysis of a trained run: load its stored model, predict the test split in batches from the byte
// shards, read the probabilities once, compute every metric in core, keep the failure images.
import * as tf from '@tensorflow/tfjs';
import type { AnalysisRecord, FailureCase, FailureIndex } from '../core/analysis';
import { summariseTest } from '../core/metrics-summary';
import type { RunRecord } from '../core/run';
import type { DatasetRecord, ImageShape, Split } from '../core/types';
import { bytesToBatch, concatImageSets, gatherBytes, type ImageSet } from './image-set';
import type { StoredArtifacts } from './train-run';

/** What an analysis needs from storage. */
export interface AnalyseStore {
  getRun(id: string): Promise<RunRecord | undefined>;
  getDataset(id: string): Promise<DatasetRecord | undefined>;
  shards(datasetId: string, split: Split): Promise<{ count: number; pixels: Uint8Array; labels: Uint16Array; paths?: string[] }[]>;
  getArtifacts(runId: string): Promise<StoredArtifacts | undefined>;
  putAnalysis(record: AnalysisRecord): Promise<void>;
}

export const FAILURE_LIMIT = 24;

/** A trained model that takes dataset-shaped images in [0, 1] and gives class probabilities. */
export interface RunModel {
  predict(x: tf.Tensor): tf.Tensor;
  countParams(): number;
  dispose(): void;
}

/** The run's trained model, rebuilt from the topology and weights stored with it (a Layers model, or a graph model). */
export async function loadRunModel(store: Pick<AnalyseStore, 'getArtifacts'>, runId: string): Promise<RunModel> {
  const stored = await store.getArtifacts(runId);
  if (!stored) throw new Error(`run ${runId} has no stored model: it was never trained to the end of an epoch`);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: stored.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: stored.weightSpecs as tf.io.WeightsManifestEntry[],
    weightData: stored.weightData,
    ...(stored.format ? { format: stored.format } : {}),
    ...(stored.signature ? { signature: stored.signature as object } : {}),
    ...(stored.userDefinedMetadata ? { userDefinedMetadata: stored.userDefinedMetadata as Record<string, object> } : {}),
  };
  if (stored.format === 'graph-model') {
    const graph = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    const params = (stored.weightSpecs as tf.io.WeightsManifestEntry[]).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    return { predict: (x) => graph.predict(x) as tf.Tensor, countParams: () => params, dispose: () => graph.dispose() };
  }
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  return { predict: (x) => model.predict(x) as tf.Tensor, countParams: () => model.countParams(), dispose: () => model.dispose() };
}

/** Class probabilities for every image of `set`, `count × classes` floats, read from the device once. */
export async function predictProbabilities(model: RunModel, set: ImageSet, batchSize = 256): Promise<Float32Array> {
  if (set.count === 0) return new Float32Array(0);
  const per = set.shape[0] * set.shape[1] * set.shape[2];
  const buffer = new Uint8Array(Math.min(batchSize, set.count) * per);
  const identity = Uint32Array.from({ length: set.count }, (_, i) => i);
  const parts: tf.Tensor[] = [];
  try {
    for (let start = 0; start < set.count; start += batchSize) {
      const end = Math.min(start + batchSize, set.count);
      parts.push(tf.tidy(() => model.predict(bytesToBatch(gatherBytes(set, identity, start, end, buffer), set.shape, end - start)) as tf.Tensor));
    }
    const all = tf.concat(parts, 0);
    try {
      return (await all.data()) as Float32Array;
    } finally {
      all.dispose();
    }
  } finally {
    tf.dispose(parts);
  }
}

export async function analyseRun(store: AnalyseStore, runId: string, batchSize = 256): Promise<AnalysisRecord> {
  const started = performance.now();
  const run = await store.getRun(runId);
  if (!run) throw new Error(`run ${runId} does not exist`);
  if (run.status !== 'done') throw new Error(`run ${run.model.name} · ${run.hparams.name} is ${run.status}, not done: only finished runs are analysed`);
  const dataset = await store.getDataset(run.datasetId);
  if (!dataset) throw new Error(`the dataset of run ${runId} was deleted`);
  const shards = await store.shards(dataset.id, 'test');
  const test = concatImageSets(dataset.shape, shards);
  const paths = shards.flatMap((s) => (s.paths ?? []).slice(0, s.count));
  const model = await loadRunModel(store, runId);
  const base = {
    runId, datasetId: dataset.id, createdAt: Date.now(), shape: dataset.shape, classes: dataset.classes,
    parameters: model.countParams(),
  };
  let record: AnalysisRecord;
  try {
    if (test.count === 0) {
      record = {
        ...base, seconds: 0, confident: [], spectacular: [],
        emptyMessage: `The dataset "${dataset.name}" has no test split, so this model cannot be measured on held-out images. Add a test/ folder (or let Trainyard split class folders) and import it again.`,
      };
    } else {
      const values = await predictProbabilities(model, test, batchSize);
      const classes = dataset.classes.length;
      const summary = summariseTest({ values, count: test.count, classes }, test.labels, FAILURE_LIMIT);
      const withImage = (f: FailureIndex): FailureCase => failureCase(f, test, values, classes, paths);
      record = {
        ...base, seconds: 0, metrics: summary.metrics,
        confident: summary.confident.map(withImage), spectacular: summary.spectacular.map(withImage),
      };
    }
  } finally {
    model.dispose();
  }
  record.seconds = (performance.now() - started) / 1000;
  await store.putAnalysis(record);
  return record;
}

function failureCase(f: FailureIndex, set: ImageSet, values: Float32Array, classes: number, paths: readonly string[]): FailureCase {
  const per = set.shape[0] * set.shape[1] * set.shape[2];
  return {
    ...f, path: paths[f.index] ?? `test image ${f.index + 1}`,
    probabilities: Array.from(values.subarray(f.index * classes, (f.index + 1) * classes)),
    pixels: set.pixels.slice(f.index * per, (f.index + 1) * per),
  };
}

/** Probabilities for one image already fitted to the dataset's shape (`h × w × c` bytes). */
export async function predictImage(model: RunModel, pixels: Uint8Array, shape: ImageShape): Promise<number[]> {
  const probs = tf.tidy(() => model.predict(bytesToBatch(pixels, shape, 1)) as tf.Tensor);
  try {
    return Array.from(await probs.data());
  } finally {
    probs.dispose();
  }
}
