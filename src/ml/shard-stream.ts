// A split streamed from its stored shards: each window's shards are read together, the next window is read while
// the current one trains, and a window is let go as soon as the batches have passed it, so about two windows of
// pixels are held at a time. Batches are built on the host exactly as ml/batch-source.ts's host path builds them,
// so a streamed epoch trains on the same tensors as the in-memory one for the same order.
import * as tf from '@tensorflow/tfjs';
import { shardStarts, type EpochWindow } from '../core/epoch-order';
import type { ImageShape, ShardData } from '../core/types';
import type { Batch } from './batch-source';
import { bytesToBatch } from './image-set';
import type { BatchStream, SplitSource } from './split-source';

export interface ShardStreamOptions {
  /** Reads shard `index` of the split (DatasetStore.readShard behind a port). */
  readShard: (index: number) => Promise<ShardData>;
  /** Images per shard, in shard order (core/shard-layout.ts shardCounts). */
  shardCounts: readonly number[];
  shape: ImageShape;
  classes: number;
  maxBatch: number;
  /** Where the split is, for errors a person can read ("the train split of Digits"). */
  what?: string;
}

type Window = Map<number, ShardData>;

/** The shard holding global index `g` (binary search over the shards' first indices). */
function shardOf(starts: Uint32Array, g: number): number {
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= g) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function shardStream(options: ShardStreamOptions): SplitSource {
  const { shape, classes, shardCounts } = options;
  const per = shape[0] * shape[1] * shape[2];
  const starts = shardStarts(shardCounts);
  const buffer = new Uint8Array(options.maxBatch * per);
  const what = options.what ?? 'the split';
  const readChecked = async (index: number): Promise<ShardData> => {
    const shard = await options.readShard(index);
    const expected = shardCounts[index] as number;
    if (shard.count !== expected || shard.pixels.length < expected * per) {
      throw new Error(`Shard ${index + 1} of ${what} holds ${shard.count} images where its dataset record says ${expected}: the stored dataset is damaged. Import it again.`);
    }
    return shard;
  };
  return {
    onDevice: false,
    reason: 'the images are streamed from storage',
    open(windows: readonly EpochWindow[]): BatchStream {
      const ends = new Uint32Array(windows.length);
      windows.forEach((w, i) => (ends[i] = (i > 0 ? (ends[i - 1] as number) : 0) + w.order.length));
      const count = windows.length ? (ends[windows.length - 1] as number) : 0;
      const loading = new Map<number, Promise<Window>>();
      const load = (w: number) => {
        if (w >= windows.length || loading.has(w)) return;
        const shards = (windows[w] as EpochWindow).shards;
        const read = Promise.all(shards.map(readChecked)).then((list) => new Map(list.map((s, i) => [shards[i] as number, s])));
        read.catch(() => undefined); // a window read ahead and never reached must not fail as unhandled
        loading.set(w, read);
      };
      let at = 0;
      let first = 0; // the window holding position `at`
      return {
        count,
        async next(n) {
          const end = Math.min(at + n, count);
          while (first < windows.length - 1 && (ends[first] as number) <= at) loading.delete(first++);
          let last = first;
          while (last < windows.length - 1 && (ends[last] as number) < end) last++;
          // The batch's windows, and the one after the current window read ahead: two windows held, not three.
          for (let w = first; w <= Math.max(last, first + 1); w++) load(w);
          const held = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => loading.get(first + i) as Promise<Window>));
          const labels = new Int32Array(end - at);
          for (let p = at, w = first; p < end; p++) {
            while ((ends[w] as number) <= p) w++;
            const window = windows[w] as EpochWindow;
            const g = window.order[p - (w > 0 ? (ends[w - 1] as number) : 0)] as number;
            const s = shardOf(starts, g);
            const shard = (held[w - first] as Window).get(s) as ShardData;
            const offset = (g - (starts[s] as number)) * per;
            buffer.set(shard.pixels.subarray(offset, offset + per), (p - at) * per);
            labels[p - at] = shard.labels[g - (starts[s] as number)] as number;
          }
          const size = end - at;
          at = end;
          return batchOf(buffer.subarray(0, size * per), labels, shape, classes);
        },
        dispose: () => loading.clear(),
      };
    },
    dispose: () => undefined,
  };
}

/** The host path's batch (ml/batch-source.ts hostSource): floats on the device, int32 labels and their one-hot. */
function batchOf(bytes: Uint8Array, labelValues: Int32Array, shape: ImageShape, classes: number): Batch {
  const x = bytesToBatch(bytes, shape, labelValues.length);
  const labels = tf.tensor1d(labelValues, 'int32');
  return { x, labels, y: tf.oneHot(labels, classes) as tf.Tensor2D };
}
