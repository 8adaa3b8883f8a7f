// Composition root: opens the database, starts the workers, builds the state, mounts the UI.
import { mount } from 'svelte';
import * as Comlink from 'comlink';
import App from './ui/App.svelte';
import StartupError from './ui/StartupError.svelte';
import { openTrainyardDB } from './storage/db';
import { DatasetStore } from './storage/datasets';
import { CatalogStore, RunStore } from './storage/runs';
import { BackboneStore } from './storage/backbones';
import { SettingsStore } from './storage/settings';
import { BackendChoiceStore } from './storage/backend-choices';
import { AnalysisStore } from './storage/analyses';
import type { TrainWorkerHandle } from './state/train-worker-handle';
import { Studio } from './state/studio.svelte';
import type { IngestWorkerApi } from '../workers/ingest.worker';
import type { TrainWorkerApi } from '../workers/train.worker';
import { registerServiceWorker } from './pwa/register';
import { RunArchive } from './export/run-archive';
import { renderPlots } from './export/plots-png';
import { putImportedRuns } from './storage/run-import';
import { ArtifactStore } from './storage/artifacts';
import { saveBlob } from './ui/report/download';
import './ui/theme.css';

const target = document.getElementById('app') as HTMLElement;

function startWorker<T>(worker: Worker, onError: (message: string) => void): Comlink.Remote<T> {
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    onError(event.message || 'its script could not be loaded. Reload the page; if this persists, the site is missing files.');
  });
  return Comlink.wrap<T>(worker);
}

async function start(): Promise<void> {
  let db;
  try {
    db = await openTrainyardDB();
  } catch (error) {
    mount(StartupError, {
      target,
      props: {
        title: 'Storage is not available',
        message: `Trainyard keeps datasets and models in this browser's IndexedDB, which could not be opened (${error instanceof Error ? error.message : String(error)}). Private windows and some privacy settings block it: open Trainyard in a normal window.`,
      },
    });
    return;
  }
  let studio: Studio | undefined;
  const report = (which: string) => (message: string) => {
    if (studio) studio.backendError = `The ${which} worker could not run: ${message}`;
  };
  let trainWorker: TrainWorkerHandle | undefined;
  const makeTrainWorker = (): TrainWorkerHandle => {
    let fail: (reason: Error) => void = () => {};
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => {}); // observed by whoever races it; unobserved otherwise
    const worker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' });
    const api = startWorker<TrainWorkerApi>(worker, (message) => {
      report('training')(message);
      fail(new Error(`The training worker stopped: ${message}`));
    });
    void api.setAppBase(document.baseURI);
    return { api, failed, terminate: () => worker.terminate() };
  };
  const ingestWorker = startWorker<IngestWorkerApi>(
    new Worker(new URL('../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' }),
    report('ingest'),
  );
  const database = db;
  const stores = { runs: new RunStore(db), artifacts: new ArtifactStore(db), analyses: new AnalysisStore(db), datasets: new DatasetStore(db) };
  studio = new Studio({
    archive: new RunArchive({ ...stores, putImportedRuns: (runs) => putImportedRuns(database, runs) }, renderPlots),
    saveFile: (file) => saveBlob(file.name, file.blob),
    datasets: new DatasetStore(db),
    runs: new RunStore(db),
    catalog: new CatalogStore(db),
    backbones: new BackboneStore(db),
    ingestWorker,
    settings: new SettingsStore(db),
    backendChoices: new BackendChoiceStore(db),
    analyses: new AnalysisStore(db),
    trainWorker: () => (trainWorker ??= makeTrainWorker()),
    restartTrainWorker: () => {
      trainWorker?.terminate();
      return (trainWorker = makeTrainWorker());
    },
    channel: new BroadcastChannel('trainyard'),
    ...(navigator.locks ? { locks: navigator.locks } : {}),
    sampleUrl: new URL('sample/digits-sample.zip', document.baseURI).href,
  });
  mount(App, { target, props: { studio } });
  const app = studio;
  registerServiceWorker((apply) => (app.update = apply));
  await studio.init();
}

void start();
