// A reader worker (src/ingest/file-reader): gets and reads parts of a dropped folder for the ingest worker and hands
// back the bytes. The ingest worker replaces it every few thousand files, which frees what the browser's handles
// and Files held.
import { readPart, type ReadAnswer, type ReadRequest } from '../src/ingest/file-reader';
import { readError } from '../src/ingest/sources';

self.addEventListener('message', (event: MessageEvent<ReadRequest>) => {
  const { id, handles, paths } = event.data;
  readPart(handles, paths).then(
    (part) => self.postMessage({ id, part } satisfies ReadAnswer, { transfer: [part.bytes.buffer as ArrayBuffer] }),
    (error: unknown) => self.postMessage({ id, error: readError(error) } satisfies ReadAnswer),
  );
});
