// The training worker: picks a backend, trains runs from the database, reports progress as plain numbers.
import * as Comlink from 'comlink';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { wasmThreadCount } from '../src/core/wasm-threads';
import { chooseBackend, type BackendChoice, type BackendName } from '../src/ml/backend';
import { trainRun, type TrainProgress, type TrainRunStore } from '../src/ml/train-run';
import { openTrainyardDB } from '../src/storage/db';
import { DatasetStore } from '../src/storage/datasets';
import { RunStore } from '../src/storage/runs';
import { ArtifactStore } from '../src/storage/artifacts';
import type { RunRecord } from '../src/core/run';
import { analysisApi } from './analysis-api';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

let chosen: Promise<BackendChoice> | undefined;
const controllers = new Map<string, AbortController>();

const database = openTrainyardDB();
const store: Promise<TrainRunStore> = database.then((db) => {
  const datasets = new DatasetStore(db);
  const runs = new RunStore(db);
  const artifacts = new ArtifactStore(db);
  return {
    getRun: (id) => runs.get(id),
    updateRun: (id, change) => runs.update(id, change),
    getDataset: (id) => datasets.get(id),
    shards: (id, split) => datasets.shards(id, split),
    getArtifacts: (id) => artifacts.get(id),
    putArtifacts: (a) => artifacts.put(a),
  };
});

const api = {
  /** The backend in use; the first call chooses it, trying `order` when given (a choice made in settings). */
  backend(order?: BackendName[]): Promise<BackendChoice> {
    const threads = wasmThreadCount(navigator.hardwareConcurrency);
    chosen ??= chooseBackend({ wasmPaths, ...(order ? { order, override: true } : {}), threads });
    return chosen;
  },
  /** Trains a run from its last checkpoint; with `stopAfterEpochs`, only up to that many epochs (halving). */
  async train(runId: string, onProgress: (p: TrainProgress) => void, stopAfterEpochs?: number): Promise<RunRecord> {
    const backend = await api.backend();
    const controller = new AbortController();
    controllers.set(runId, controller);
    try {
      return await trainRun(await store, runId, backend, onProgress, controller.signal, stopAfterEpochs);
    } finally {
      controllers.delete(runId);
    }
  },
  cancel(runId: string): void {
    controllers.get(runId)?.abort();
  },
  ...analysisApi(database, (): Promise<unknown> => api.backend()),
};

export type TrainWorkerApi = typeof api;
Comlink.expose(api);
