// Batches of a split in a given order (core/epoch-order.ts windows), awaited one at a time. A resident split is an
// in-memory set behind ml/batch-source.ts (gathered on the GPU when it fits the device budget); ml/shard-stream.ts
// reads a split's windows from stored shards instead. Both give the same batches for the same windows.
import type { EpochWindow } from '../core/epoch-order';
import { concatOrders } from '../core/epoch-order';
import { makeBatchSource, type Batch, type BatchSourceOptions } from './batch-source';
import type { TrainData } from './feature-set';

/** Consecutive batches over an order; the batches are the caller's to dispose. */
export interface BatchStream {
  /** Images in the whole order. */
  readonly count: number;
  /** The next `n` images as a batch; waits while their shards are still being read. */
  next(n: number): Promise<Batch>;
  /** Lets go of what the stream holds (windows read ahead); the source stays usable. */
  dispose(): void;
}

export interface SplitSource {
  /** Whether the images sit on the GPU (batches gathered there). */
  readonly onDevice: boolean;
  /** Why the images are not on the GPU, or why they are streamed. */
  readonly reason?: string;
  /** Batches over the windows' orders one after the other. One stream at a time per source. */
  open(windows: readonly EpochWindow[]): BatchStream;
  dispose(): void;
}

/** A set held in memory (and on the GPU when it fits): the whole order goes to the batch source at once. */
export function residentSplit(set: TrainData, classes: number, maxBatch: number, options: BatchSourceOptions = {}): SplitSource {
  const source = makeBatchSource(set, classes, maxBatch, options);
  return {
    onDevice: source.onDevice,
    ...(source.reason !== undefined ? { reason: source.reason } : {}),
    open(windows) {
      const order = concatOrders(windows);
      source.setOrder(order);
      let at = 0;
      return {
        count: order.length,
        async next(n) {
          const end = Math.min(at + n, order.length);
          const batch = source.batch(at, end);
          at = end;
          return batch;
        },
        dispose: () => undefined,
      };
    },
    dispose: () => source.dispose(),
  };
}
