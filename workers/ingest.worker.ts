// The ingest worker: reads, decodes, validates and writes a dataset, off the main thread.
import * as Comlink from 'comlink';
import { DatasetStore } from '../src/storage/datasets';
import { openTrainyardDB } from '../src/storage/db';
import { IngestService } from '../src/ingest/ingest-service';
import { readsByPath } from '../src/core/hand-over';
import { DecodePool, decodeWorkerCount } from '../src/ingest/decode-pool';

const store = openTrainyardDB().then((db) => new DatasetStore(db));

const service = new IngestService(
  () => store,
  async () => navigator.storage?.estimate?.(),
  async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: the server answered ${response.status} ${response.statusText}`);
    return response.arrayBuffer();
  },
  () => new Worker(new URL('./file-reader.worker.ts', import.meta.url), { type: 'module', name: 'file-reader' }),
  readsByPath,
  () => new DecodePool(() => new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' }), decodeWorkerCount(navigator.hardwareConcurrency)),
);

// Comlink exposes an object's own methods: bind the service's, so the page calls them by name.
const api = {
  declare: service.declare.bind(service),
  stage: service.stage.bind(service),
  finishStaging: service.finishStaging.bind(service),
  scan: service.scan.bind(service),
  rescan: service.rescan.bind(service),
  ingest: service.ingest.bind(service),
  cancel: service.cancel.bind(service),
  discard: service.discard.bind(service),
};

export type IngestWorkerApi = typeof api;
Comlink.expose(api);
