// A training worker client with a promise that rejects when the worker dies, so a call in flight
// does not wait forever for an answer that will never come.
import type { Remote } from 'comlink';
import type { TrainWorkerApi } from '../../workers/train.worker';

export interface TrainWorkerHandle {
  api: Remote<TrainWorkerApi>;
  /** Rejects with the reason when the worker fails (script error, crash); never resolves. */
  failed: Promise<never>;
  terminate(): void;
}
