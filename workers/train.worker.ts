// The training worker: picks a backend (the one chosen in *Train on*, or per run by measuring: Automatic), trains
// runs from the database, reports progress as plain numbers.
import * as Comlink from 'comlink';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { wasmThreadCount } from '../src/core/wasm-threads';
import { chooseBackend, type BackendChoice, type BackendName } from '../src/ml/backend';
import { AutoBackend, type BackendStatus } from '../src/ml/auto-backend';
import { BackendLock } from '../src/ml/backend-lock';
import { trainRun, type TrainProgress, type TrainRunStore } from '../src/ml/train-run';
import type { RunDataOptions } from '../src/ml/run-data';
import { openTrainyardDB } from '../src/storage/db';
import { BackendChoiceStore } from '../src/storage/backend-choices';
import { libraryVersions } from '../src/export/versions';
import { DatasetStore } from '../src/storage/datasets';
import { RunStore } from '../src/storage/runs';
import { ArtifactStore } from '../src/storage/artifacts';
import type { RunRecord } from '../src/core/run';
import type { BackboneInfo, BackboneRecord } from '../src/core/backbone';
import { BackboneStore, FeatureStore } from '../src/storage/backbones';
import { backboneFromFiles, type BackboneFile } from '../src/ml/backbone-import';
import { builtInBackbone } from '../src/ml/built-in-backbone';
import { analysisApi } from './analysis-api';
import { withDeviceLoss } from '../src/ml/device-loss';
import { DIVERGED_ERROR } from '../src/core/run-failure';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

/** How this worker picks: `auto` measures per run; without it, `chosen` (a choice made in settings) is used as is. */
let mode: Promise<{ auto?: AutoBackend; chosen: BackendChoice }> | undefined;
let latest: BackendChoice | undefined;
const lock = new BackendLock();
const controllers = new Map<string, AbortController>();

/** Where the app is served from (the page tells us): built-in backbones are fetched from there. */
let appBase: string | undefined;
const database = openTrainyardDB();

/** A stored backbone; a built-in one is fetched from the app and stored the first time a run needs it. */
async function getBackbone(id: string): Promise<BackboneRecord | undefined> {
  const backbones = new BackboneStore(await database);
  const stored = await backbones.get(id);
  if (stored || !appBase) return stored;
  const fetched = await builtInBackbone(id, appBase);
  if (fetched) await backbones.put(fetched);
  return fetched;
}

const store: Promise<TrainRunStore> = database.then((db) => {
  const datasets = new DatasetStore(db);
  const runs = new RunStore(db);
  const artifacts = new ArtifactStore(db);
  const features = new FeatureStore(db);
  return {
    backbones: {
      getBackbone,
      getFeatures: (datasetId, backboneId, layer, split) => features.get(datasetId, backboneId, layer, split),
      putFeatures: (f) => features.put(f),
    },
    getRun: (id) => runs.get(id),
    updateRun: (id, change) => runs.update(id, change),
    getDataset: (id) => datasets.get(id),
    readShard: (dataset, split, index) => datasets.readShard(dataset, split, index),
    getArtifacts: (id) => artifacts.get(id),
    putArtifacts: (a) => artifacts.put(a),
  };
});

function startMode(order: BackendName[] | undefined) {
  const threads = wasmThreadCount(navigator.hardwareConcurrency);
  if (order) return chooseBackend({ wasmPaths, order, override: true, threads }).then((chosen) => ({ chosen }));
  const auto = new AutoBackend({
    start: (name) => chooseBackend({ wasmPaths, order: [name], threads }),
    remembered: {
      get: async (device, signature) => new BackendChoiceStore(await database).get(device, signature),
      put: async (device, signature, choice) => new BackendChoiceStore(await database).put(device, signature, choice),
      delete: async (device, signature) => new BackendChoiceStore(await database).delete(device, signature),
    },
    device: { userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency || 1, isolated: crossOriginIsolated, versions: JSON.stringify(libraryVersions()) },
  });
  return lock.run(() => auto.initial()).then((chosen) => ({ auto, chosen }));
}

/** Automatic: the run's backend, remembered or measured now (under the lock, as it switches backends). */
async function backendForRun(auto: AutoBackend, runId: string, onBackend?: (s: BackendStatus) => void): Promise<BackendChoice | undefined> {
  const s = await store;
  const run = await s.getRun(runId);
  const dataset = run && (await s.getDataset(run.datasetId));
  if (!run || !dataset) return undefined; // trainRun says what is missing
  const backbone = await backboneWorkload(run);
  if (run.model.backbone && !backbone) return undefined; // trainRun says the backbone is missing
  return lock.run(() => auto.forRun({
    runId, model: run.model.name, layers: run.model.layers, shape: dataset.shape, classes: dataset.classes.length, hparams: run.hparams,
    trainCount: dataset.counts.train?.total ?? 0, ...(backbone ? { backbone } : {}),
  }, onBackend));
}

/** A run failed on its remembered backend: measure again next time rather than trust the choice. */
async function forgetChoice(auto: AutoBackend, runId: string): Promise<void> {
  const s = await store;
  const run = await s.getRun(runId);
  const dataset = run && (await s.getDataset(run.datasetId));
  const backbone = run && (await backboneWorkload(run).catch(() => undefined));
  if (run && dataset) await auto.forget({ layers: run.model.layers, shape: dataset.shape, classes: dataset.classes.length, hparams: run.hparams, ...(backbone ? { backbone } : {}) });
}

async function backboneWorkload(run: RunRecord): Promise<{ record: BackboneRecord; trainable: number } | undefined> {
  const use = run.model.backbone;
  const record = use && (await getBackbone(use.id));
  return use && record ? { record, trainable: use.trainable } : undefined;
}

/** The device's memory (GiB) where the browser tells it: the budget for holding a run's images in memory. */
function dataOptions(): RunDataOptions {
  const gib = (navigator as WorkerNavigator & { deviceMemory?: number }).deviceMemory;
  return gib !== undefined ? { deviceMemoryGiB: gib } : {};
}

const api = {
  /** The page's base URL, so built-in backbones can be fetched (the worker's own URL is under assets/). */
  setAppBase(url: string): void {
    appBase = url;
  },
  /** Checks a tfjs model given as files (model.json + weights), runs it once, stores it as a backbone. */
  async addBackbone(name: string, files: BackboneFile[]): Promise<BackboneInfo> {
    await api.backend();
    const record = await lock.run(() => backboneFromFiles(name, files));
    await new BackboneStore(await database).put(record);
    const { artifacts: _weights, ...info } = record;
    return info;
  },
  /** The backend in use; the first call sets how it is picked: `order` (a choice made in settings) or Automatic. */
  async backend(order?: BackendName[]): Promise<BackendChoice> {
    mode ??= startMode(order);
    return latest ?? (await mode).chosen;
  },
  /**
   * Trains a run from its last checkpoint; with `stopAfterEpochs`, only up to that many epochs (halving). Under
   * Automatic the backend is measured first when this model was never measured here; `onBackend` hears of it.
   */
  async train(runId: string, onProgress: (p: TrainProgress) => void, stopAfterEpochs?: number, onBackend?: (s: BackendStatus) => void): Promise<RunRecord> {
    const controller = new AbortController();
    controllers.set(runId, controller);
    try {
      mode ??= startMode(undefined);
      const { auto, chosen } = await mode;
      const backend = (auto && (await backendForRun(auto, runId, onBackend))) || latest || chosen;
      if (auto) latest = backend;
      try {
        return await trainRun(await store, runId, backend, onProgress, controller.signal, stopAfterEpochs, dataOptions());
      } catch (error) {
        // A diverged run says nothing about its backend; any other failure does.
        const diverged = error instanceof Error && error.name === DIVERGED_ERROR;
        if (auto && !controller.signal.aborted && !diverged) await forgetChoice(auto, runId);
        throw await withDeviceLoss(error);
      }
    } finally {
      controllers.delete(runId);
    }
  },
  cancel(runId: string): void {
    controllers.get(runId)?.abort();
  },
  ...analysisApi(database, async (work) => {
    await api.backend();
    return lock.run(work);
  }),
};

export type TrainWorkerApi = typeof api;
Comlink.expose(api);
