// The benchmark's worker: starts one backend (as the training worker would) and times training on it; or runs
// Automatic's measurement for a zoo model, as the training worker does before a model's first run.
import * as Comlink from 'comlink';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { wasmThreadCount } from '../src/core/wasm-threads';
import { chooseBackend, type BackendChoice, type BackendName } from '../src/ml/backend';
import { benchTrain, type BenchOptions, type BenchResult } from '../src/ml/bench-train';
import { registerWasmGradKernels, type WasmKernelMode } from '../src/ml/kernels/wasm/grad-kernels';
import { AutoBackend } from '../src/ml/auto-backend';
import { timeTrainingSteps } from '../src/ml/backend-probe';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../src/core/zoo';
import { PROBE_BUDGET } from '../src/core/probe-plan';
import type { ProbeResult } from '../src/core/backend-decision';
import type { HParams } from '../src/core/hparams';
import { BUILT_IN_BACKBONES } from '../src/core/built-in-backbones';
import { builtInBackbone } from '../src/ml/built-in-backbone';
import { timeFeatures, timeHead, type FeatureTiming, type HeadTiming } from '../src/ml/bench-backbone';
import { timeStreamEpoch, variantShard, type StreamEpochResult } from '../src/ml/bench-stream';
import type { DatasetRecord } from '../src/core/types';
import { openTrainyardDB, type ShardRecord } from '../src/storage/db';
import { DatasetStore } from '../src/storage/datasets';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

const api = {
  /** Starts `backend`; for WASM on `threads` threads (the app's policy when not given). Once per worker. */
  start(backend: BackendName, threads?: number): Promise<BackendChoice> {
    return chooseBackend({ wasmPaths, order: [backend], threads: threads ?? wasmThreadCount(navigator.hardwareConcurrency) });
  },
  run(options: BenchOptions, kernels: WasmKernelMode = 'fast'): Promise<BenchResult> {
    registerWasmGradKernels(kernels);
    return benchTrain(options);
  },
};

/** A zoo model on 28×28 gray digits, 10 classes, trained with the Quick set at `batchSize`. */
function zooWorkload(modelId: string, batchSize: number) {
  const spec = BUILT_IN_MODELS.find((m) => m.id === modelId);
  if (!spec) throw new Error(`no zoo model ${modelId}`);
  const hparams: HParams = { ...(BUILT_IN_HPARAMS[0] as HParams), batchSize };
  return { model: spec.name, layers: spec.layers, shape: [28, 28, 1] as const, classes: 10, hparams };
}

const autoApi = {
  /** Automatic's measurement for a run of `trainCount` images × `epochs` (nothing remembered), and its duration. */
  async auto(modelId: string, batchSize: number, trainCount: number, epochs: number): Promise<{ choice: BackendChoice; seconds: number }> {
    const threads = wasmThreadCount(navigator.hardwareConcurrency);
    const auto = new AutoBackend({
      start: (name) => chooseBackend({ wasmPaths, order: [name], threads }),
      remembered: { get: async () => undefined, put: async () => undefined, delete: async () => undefined },
      device: { userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency || 1, isolated: crossOriginIsolated },
    });
    await auto.survey();
    const started = performance.now();
    const work = zooWorkload(modelId, batchSize);
    const choice = await auto.forRun({ ...work, hparams: { ...work.hparams, epochs }, runId: 'bench', trainCount });
    return { choice, seconds: (performance.now() - started) / 1000 };
  },
  /** The started backend's rate for a zoo model: mean over `minSteps` or more steps, or the quickest of them. */
  timeSteps(modelId: string, batchSize: number, minSteps: number, rateFrom: 'mean' | 'fastest'): Promise<ProbeResult> {
    const budget = { ...PROBE_BUDGET, warmupMs: 300_000, timedMs: 1_500, minSteps, maxSteps: Math.max(minSteps, 20), longStepMs: Number.POSITIVE_INFINITY };
    return timeTrainingSteps(zooWorkload(modelId, batchSize), { budget, batchSize, rateFrom });
  },
};

const backboneApi = {
  /** The shipped backbone's features of `count` 224×224 RGB images on the started backend, fetched from the app at `appBase`. */
  async backboneFeatures(pixels: Uint8Array, count: number, appBase: string): Promise<FeatureTiming> {
    const shipped = BUILT_IN_BACKBONES[0];
    const record = shipped && (await builtInBackbone(shipped.slug, appBase));
    if (!record) throw new Error('no built-in backbone');
    registerWasmGradKernels('fast');
    return timeFeatures(record, pixels, count, [224, 224, 3]);
  },
  /** The zoo's backbone head trained on these feature vectors for `epochs` epochs with the Quick set's optimizer. */
  headTiming(values: Float32Array, labels: Uint16Array, size: number, classes: number, epochs: number): Promise<HeadTiming> {
    const spec = BUILT_IN_MODELS.find((m) => m.backbone);
    if (!spec) throw new Error('no backbone model in the zoo');
    const hparams: HParams = { ...(BUILT_IN_HPARAMS[0] as HParams), epochs };
    return timeHead(spec.layers, { size, count: labels.length, values, labels }, classes, hparams);
  },
};

/** Images per stored shard in the streaming benchmark: 3.2 MB of 28×28 digits, as the app's shards. */
const STREAM_SHARD_IMAGES = 4096;

const streamApi = {
  /**
   * Stores a dataset of `images` real-based digits (train) and the first `testImages` real ones (test) through
   * DatasetStore, as an import would, so the benchmark reads them back from the app's own store. Returns its id.
   */
  async streamStore(pixels: Uint8Array, labels: Uint8Array, images: number, testImages: number): Promise<{ datasetId: string; shards: number; seconds: number }> {
    const started = performance.now();
    const datasetId = `stream-bench-${images}`;
    const shards: ShardRecord[] = [];
    for (let index = 0, at = 0; at < images; index++, at += STREAM_SHARD_IMAGES) {
      const shard = variantShard(pixels, labels, at, Math.min(STREAM_SHARD_IMAGES, images - at), 52);
      shards.push({ ...shard, datasetId, split: 'train', index, paths: namesOf('train', at, shard.count) });
    }
    const test = Math.min(testImages, labels.length);
    shards.push({ datasetId, split: 'test', index: 0, count: test, pixels: pixels.slice(0, test * 784), labels: Uint16Array.from(labels.subarray(0, test)), paths: namesOf('test', 0, test) });
    const perClass = (list: ArrayLike<number>) => Array.from({ length: 10 }, (_, c) => Array.prototype.filter.call(list, (l: number) => l === c).length);
    const trainLabels = shards.filter((s) => s.split === 'train').flatMap((s) => Array.from(s.labels));
    const record: DatasetRecord = {
      id: datasetId, name: 'Streaming benchmark digits', createdAt: Date.now(), layout: 'class-split', shape: [28, 28, 1], classes: '0123456789'.split(''),
      counts: { train: { perClass: perClass(trainLabels), total: images }, test: { perClass: perClass(labels.subarray(0, test)), total: test } },
      bytes: (images + test) * 784, report: { skipped: [], warnings: [], images: images + test, files: images + test, seconds: 0 },
    };
    await new DatasetStore(await openTrainyardDB()).putVersion(record, shards);
    return { datasetId, shards: shards.length, seconds: (performance.now() - started) / 1000 };
  },
  /** One epoch on the stored dataset, held in memory or streamed from its shards (the backend started first). */
  async streamEpoch(datasetId: string, mode: 'memory' | 'stream', modelId: string, batchSize: number): Promise<StreamEpochResult> {
    registerWasmGradKernels('fast');
    const store = new DatasetStore(await openTrainyardDB());
    const dataset = await store.get(datasetId);
    if (!dataset) throw new Error(`no stored dataset ${datasetId}`);
    return timeStreamEpoch({ readShard: (d, split, index) => store.readShard(d, split, index) }, dataset, mode, modelId, batchSize);
  },
  async streamDelete(datasetId: string): Promise<void> {
    await new DatasetStore(await openTrainyardDB()).delete(datasetId);
  },
};

export type BenchWorkerApi = typeof api & typeof autoApi & typeof backboneApi & typeof streamApi;
Comlink.expose({ ...api, ...autoApi, ...backboneApi, ...streamApi });

/** A path per image, as every stored shard has (the shard file checks one per image). */
function namesOf(split: string, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${split}/${from + i}.png`);
}
