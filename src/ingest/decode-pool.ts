// Decoding off the ingest worker. With JPEGs decoded in WebAssembly the ingest worker was the import's bottleneck:
// one core busy with decoding, hashing and writing while about a quarter of a 2-core machine sat idle. Decode
// workers take each batch's browser and WebAssembly decodes (the images the synchronous PNG path does not take),
// while the ingest worker hashes and writes the batch before. Where no worker can start, or one fails, the same
// function decodes here: a decode worker costs speed when it fails, never images.
import type { ImageFormat } from '../core/image-header';
import { decodeImage, RefusedImage, type Decoded, type ResizePolicy } from './decode';
import { WorkerCalls, type CallWorker } from './worker-calls';

/** One image to decode: its bytes, format and declared size. */
export interface DecodeJob {
  bytes: Uint8Array;
  format: ImageFormat;
  srcWidth: number;
  srcHeight: number;
}

/** Its pixels at the target size, or why not: refused before decoding (with the reason), or not decodable. */
export type DecodeOutcome = Decoded | { refused: string } | { failed: true };

export interface DecodeTarget {
  width: number;
  height: number;
  policy: ResizePolicy;
}

/** Browser decodes in flight at once in one worker (the WebAssembly path is synchronous). */
const IN_FLIGHT = 16;

/** Decodes `jobs` here (in whichever worker calls it), in order. */
export async function decodeJobs(jobs: readonly DecodeJob[], target: DecodeTarget): Promise<DecodeOutcome[]> {
  const outcomes: DecodeOutcome[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i] as DecodeJob;
      try {
        outcomes[i] = await decodeImage(job.bytes, job.format, target.width, target.height, target.policy, job.srcWidth, job.srcHeight);
      } catch (error) {
        outcomes[i] = error instanceof RefusedImage ? { refused: error.message } : { failed: true };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, jobs.length) }, lane));
  return outcomes;
}

export interface DecodeRequest { id: number; jobs: DecodeJob[]; target: DecodeTarget }
export type DecodeAnswer = { id: number; outcomes: DecodeOutcome[] } | { id: number; error: string };

/** A decode worker (a Worker, or a fake in tests). */
export type DecoderWorker = CallWorker<DecodeRequest, DecodeAnswer>;

/** What decodes a batch's jobs: here, or spread over decode workers. */
export interface Decoder {
  decode(jobs: readonly DecodeJob[], target: DecodeTarget): Promise<DecodeOutcome[]>;
  close(): void;
}

export const localDecoder: Decoder = { decode: decodeJobs, close: () => {} };

/** Decode workers for a machine with `cores` logical cores: all but the ingest worker's, at least 1, at most 4. */
export function decodeWorkerCount(cores: number | undefined): number {
  return Math.max(1, Math.min(4, (cores ?? 2) - 1));
}

/** Spreads each batch's jobs over `size` decode workers, started on first use; a failed worker's share is decoded here. */
export class DecodePool implements Decoder {
  private workers: (WorkerCalls<DecodeRequest, DecodeAnswer> | undefined)[] = [];

  constructor(private readonly start: () => DecoderWorker, private readonly size: number) {}

  async decode(jobs: readonly DecodeJob[], target: DecodeTarget): Promise<DecodeOutcome[]> {
    if (jobs.length === 0) return [];
    const shares = Math.min(this.size, jobs.length);
    const per = Math.ceil(jobs.length / shares);
    const parts = await Promise.all(Array.from({ length: shares }, (_, w) => {
      const share = jobs.slice(w * per, (w + 1) * per);
      return this.send(w, share, target).catch(() => decodeJobs(share, target));
    }));
    return parts.flat();
  }

  close(): void {
    for (const worker of this.workers) worker?.end();
    this.workers = [];
  }

  private send(w: number, jobs: DecodeJob[], target: DecodeTarget): Promise<DecodeOutcome[]> {
    // A worker that failed takes no more jobs: the next batch starts another in its place.
    let worker = this.workers[w];
    if (!worker || worker.failed) worker = this.workers[w] = new WorkerCalls(this.start(), 'a decode worker');
    // The bytes are copied for the trip (each is a view into a batch's joined read), and their copies moved.
    const sent = jobs.map((job) => ({ ...job, bytes: job.bytes.slice() }));
    return worker.call((id) => ({ id, jobs: sent, target }), sent.map((job) => job.bytes.buffer), (answer) => {
      if ('error' in answer) throw new Error(answer.error);
      return answer.outcomes;
    });
  }
}
