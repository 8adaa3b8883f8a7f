// A decode worker (src/ingest/decode-pool): decodes the images of a batch for the ingest worker and moves their
// pixels back.
import { decodeJobs, type DecodeAnswer, type DecodeRequest } from '../src/ingest/decode-pool';

self.addEventListener('message', (event: MessageEvent<DecodeRequest>) => {
  const { id, jobs, target } = event.data;
  decodeJobs(jobs, target).then(
    (outcomes) => {
      const transfer = [...new Set(outcomes.flatMap((o) => ('pixels' in o ? [o.pixels.buffer as ArrayBuffer] : [])))];
      self.postMessage({ id, outcomes } satisfies DecodeAnswer, { transfer });
    },
    (error: unknown) => self.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies DecodeAnswer),
  );
});
