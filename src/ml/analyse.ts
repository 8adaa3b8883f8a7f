// Analysis of a trained run: load its stored model, stream the test split from its shards in batches (ml/shard-stream.ts,
// two windows of pixels at most), read the probabilities and labels once, compute every metric in core, then re-read
// the few shards that hold the failures for their images and paths.
import * as tf from '@tensorflow/tfjs';
import type { AnalysisRecord, FailureCase, FailureIndex } from '../core/analysis';
import { pushTo } from '../core/group';
import { summariseTest } from '../core/metrics-summary';
import type { RunRecord } from '../core/run';
import { inOrderWindows, shardStarts, WINDOW_BYTES, windowImages } from '../core/epoch-order';
import { shardCounts } from '../core/shard-layout';
import type { DatasetRecord, ImageShape, ShardData, Split } from '../core/types';
import { bytesToBatch, type ImageSet } from './image-set';
import { shardStream } from './shard-stream';
import { residentSplit, type BatchStream } from './split-source';
import type { StoredArtifacts } from './train-run';

/** What an analysis needs from storage. */
export interface AnalyseStore {
  getRun(id: string): Promise<RunRecord | undefined>;
  getDataset(id: string): Promise<DatasetRecord | undefined>;
  /** One stored shard of a split (DatasetStore.readShard): analysis reads shards only through this. */
  readShard(dataset: DatasetRecord, split: Split, index: number): Promise<ShardData>;
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
  // The batches' one-hot labels are not used here; any depth that holds every label will do.
  const classes = set.labels.subarray(0, set.count).reduce((m, l) => Math.max(m, l + 1), 1);
  const source = residentSplit(set, classes, Math.min(batchSize, set.count), { onDevice: false });
  try {
    return (await predictStream(model, source.open(inOrderWindows([set.count], set.count)), batchSize)).values;
  } finally {
    source.dispose();
  }
}

/** Probabilities and labels of every image of a stream (which it disposes), kept on the device and read once. */
async function predictStream(model: RunModel, stream: BatchStream, batchSize: number): Promise<{ values: Float32Array; labels: Int32Array }> {
  const parts: tf.Tensor[] = [];
  const labelParts: tf.Tensor[] = [];
  try {
    for (let start = 0; start < stream.count; start += batchSize) {
      const batch = await stream.next(Math.min(batchSize, stream.count - start));
      parts.push(tf.tidy(() => model.predict(batch.x)));
      labelParts.push(batch.labels ?? tf.tidy(() => batch.y.argMax(1)));
      tf.dispose([batch.x, batch.y]);
    }
    const [all, labels] = [tf.concat(parts, 0), tf.concat(labelParts, 0)];
    try {
      const [values, labelValues] = await Promise.all([all.data(), labels.data()]);
      return { values: values as Float32Array, labels: Int32Array.from(labelValues) };
    } finally {
      tf.dispose([all, labels]);
    }
  } finally {
    tf.dispose([...parts, ...labelParts]);
    stream.dispose();
  }
}

/** `windowBytes`: pixels read ahead per window (core/epoch-order.ts; tests use small ones). */
export async function analyseRun(store: AnalyseStore, runId: string, batchSize = 256, windowBytes = WINDOW_BYTES): Promise<AnalysisRecord> {
  const started = performance.now();
  const run = await store.getRun(runId);
  if (!run) throw new Error(`run ${runId} does not exist`);
  if (run.status !== 'done') throw new Error(`run ${run.model.name} · ${run.hparams.name} is ${run.status}, not done: only finished runs are analysed`);
  const dataset = await store.getDataset(run.datasetId);
  if (!dataset) throw new Error(`the dataset of run ${runId} was deleted`);
  const counts = shardCounts(dataset, 'test');
  const count = counts.reduce((a, b) => a + b, 0);
  const model = await loadRunModel(store, runId);
  const base = {
    runId, datasetId: dataset.id, createdAt: Date.now(), shape: dataset.shape, classes: dataset.classes,
    parameters: model.countParams(),
  };
  let record: AnalysisRecord;
  try {
    if (count === 0) {
      record = {
        ...base, seconds: 0, confident: [], spectacular: [],
        emptyMessage: `The dataset "${dataset.name}" has no test split, so this model cannot be measured on held-out images. Add a test/ folder (or let Trainyard split class folders) and import it again.`,
      };
    } else {
      const classes = dataset.classes.length;
      const [h, w, c] = dataset.shape;
      const source = shardStream({
        readShard: (index) => store.readShard(dataset, 'test', index), shardCounts: counts, shape: dataset.shape, classes,
        maxBatch: Math.min(batchSize, count), what: `the test split of "${dataset.name}"`,
      });
      const { values, labels } = await predictStream(model, source.open(inOrderWindows(counts, windowImages(h * w * c, windowBytes))), batchSize);
      const summary = summariseTest({ values, count, classes }, labels, FAILURE_LIMIT);
      const images = await failureImages(store, dataset, counts, [...summary.confident, ...summary.spectacular]);
      const withImage = (f: FailureIndex): FailureCase => failureCase(f, values, classes, images);
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

/** The failures' pixels and paths, by test index, from the shards that hold them (each read once). */
async function failureImages(store: AnalyseStore, dataset: DatasetRecord, counts: readonly number[], failures: readonly FailureIndex[]): Promise<Map<number, { pixels: Uint8Array; path?: string }>> {
  const per = dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
  const starts = shardStarts(counts);
  const byShard = new Map<number, number[]>();
  for (const { index } of failures) {
    const shard = counts.findIndex((_, s) => index < (starts[s + 1] as number));
    pushTo(byShard, shard, index);
  }
  const images = new Map<number, { pixels: Uint8Array; path?: string }>();
  for (const [shard, indices] of byShard) {
    const data = await store.readShard(dataset, 'test', shard);
    for (const index of indices) {
      const at = index - (starts[shard] as number);
      const path = data.paths?.[at];
      images.set(index, { pixels: data.pixels.slice(at * per, (at + 1) * per), ...(path !== undefined ? { path } : {}) });
    }
  }
  return images;
}

function failureCase(f: FailureIndex, values: Float32Array, classes: number, images: ReadonlyMap<number, { pixels: Uint8Array; path?: string }>): FailureCase {
  const image = images.get(f.index);
  return {
    ...f, path: image?.path ?? `test image ${f.index + 1}`,
    probabilities: Array.from(values.subarray(f.index * classes, (f.index + 1) * classes)),
    pixels: image?.pixels ?? new Uint8Array(0),
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
