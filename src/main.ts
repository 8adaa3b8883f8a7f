// Composition root: opens the database, starts the workers, builds the state, mounts the UI.
import { mount } from 'svelte';
import * as Comlink from 'comlink';
import App from './ui/App.svelte';
import StartupError from './ui/StartupError.svelte';
import { openTrainyardDB } from './storage/db';
import { DatasetStore } from './storage/datasets';
import { CatalogStore, RunStore } from './storage/runs';
import { Studio } from './state/studio.svelte';
import type { IngestWorkerApi } from '../workers/ingest.worker';
import type { TrainWorkerApi } from '../workers/train.worker';
import './ui/theme.css';
import { ensureCrossOriginIsolation } from './coi-register';

const target = document.getElementById('app') as HTMLElement;

function startWorker<T>(worker: Worker, onError: (message: string) => void): Comlink.Remote<T> {
  worker.addEventListener('error', (event) => onError(event.message || 'the worker could not start'));
  return Comlink.wrap<T>(worker);
}

async function start(): Promise<void> {
  if (await ensureCrossOriginIsolation()) return; // the page reloads under the service worker
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
    if (studio) studio.backendError = `The ${which} worker failed: ${message}`;
  };
  let rawTrainWorker: Worker | undefined;
  const makeTrainWorker = () => {
    rawTrainWorker?.terminate();
    rawTrainWorker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' });
    return startWorker<TrainWorkerApi>(rawTrainWorker, report('training'));
  };
  let trainWorker = makeTrainWorker();
  const ingestWorker = startWorker<IngestWorkerApi>(
    new Worker(new URL('../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' }),
    report('ingest'),
  );
  studio = new Studio({
    datasets: new DatasetStore(db),
    runs: new RunStore(db),
    catalog: new CatalogStore(db),
    ingestWorker,
    trainWorker: () => trainWorker,
    restartTrainWorker: () => (trainWorker = makeTrainWorker()),
    sampleUrl: new URL('sample/digits-sample.zip', document.baseURI).href,
  });
  mount(App, { target, props: { studio } });
  await studio.init();
}

void start();
