// The ingest worker: reads, decodes, validates and writes a dataset, off the main thread.
import * as Comlink from 'comlink';
import { DatasetStore } from '../src/storage/datasets';
import { openTrainyardDB } from '../src/storage/db';
import { DEFAULT_INGEST_OPTIONS, ingestSource, type IngestOptions, type IngestProgress, type IngestResult } from '../src/ingest/ingest';
import { sourceFromFiles, sourceFromZip, type PathedFile } from '../src/ingest/sources';

export type IngestInput =
  | { kind: 'url'; url: string; name: string }
  | { kind: 'zip'; file: Blob; name: string }
  | { kind: 'files'; files: PathedFile[]; name: string };

let cancelRequested = false;
const store = openTrainyardDB().then((db) => new DatasetStore(db));

const api = {
  async ingest(input: IngestInput, options: Partial<IngestOptions>, onProgress: (p: IngestProgress) => void): Promise<IngestResult> {
    cancelRequested = false;
    const source = await toSource(input);
    return ingestSource(source, await store, { ...DEFAULT_INGEST_OPTIONS, ...options }, onProgress, () => cancelRequested);
  },
  cancel(): void {
    cancelRequested = true;
  },
};

async function toSource(input: IngestInput) {
  switch (input.kind) {
    case 'url': {
      const response = await fetch(input.url);
      if (!response.ok) throw new Error(`${input.url}: the server answered ${response.status} ${response.statusText}`);
      return sourceFromZip(input.name, await response.arrayBuffer());
    }
    case 'zip':
      return sourceFromZip(input.name, input.file);
    case 'files':
      return sourceFromFiles(input.name, input.files);
  }
}

export type IngestWorkerApi = typeof api;
Comlink.expose(api);
