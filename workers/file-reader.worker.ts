// A reader worker (src/ingest/file-reader): gets and reads parts of a dropped folder for the ingest worker and hands
// back the bytes. The ingest worker replaces it every few thousand files, which frees what the browser's handles
// and Files held.
import { listPaths, readPart, type ReadAnswer, type ReadRequest } from '../src/ingest/file-reader';
import { readError } from '../src/ingest/sources';

self.addEventListener('message', (event: MessageEvent<ReadRequest>) => {
  const request = event.data;
  const { id, handles } = request;
  if ('list' in request) {
    listPaths(handles, (found) => self.postMessage({ id, found } satisfies ReadAnswer)).then(
      (listed) => self.postMessage({ id, listed } satisfies ReadAnswer),
      (error: unknown) => self.postMessage({ id, error: readError(error) } satisfies ReadAnswer),
    );
    return;
  }
  readPart(handles, request.paths).then(
    (part) => self.postMessage({ id, part } satisfies ReadAnswer, { transfer: [part.bytes.buffer as ArrayBuffer] }),
    (error: unknown) => self.postMessage({ id, error: readError(error) } satisfies ReadAnswer),
  );
});
