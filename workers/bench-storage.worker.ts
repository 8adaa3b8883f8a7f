// The storage benchmark's worker (bench/storage.html): OPFS sync access handles exist only in dedicated workers, and
// the app's storage work runs in its workers too. Thin Comlink expose over src/storage/bench/.
import * as Comlink from 'comlink';
import { ShardSource, type ShardKind } from '../src/storage/bench/shard-source';
import { StorageBench, type ReadResult, type WriteResult } from '../src/storage/bench/storage-bench';
import type { StoreName } from '../src/storage/bench/shard-stores';

const sources = new Map<ShardKind, ShardSource>();
const bench = new StorageBench(sources);

const api = {
  /** Real digits (n × 784 bytes) and real photos (encoded files with a class index) to derive the shards from. */
  async prepare(digits: { pixels: Uint8Array; labels: Uint8Array }, photos: { bytes: Uint8Array; label: number }[]): Promise<void> {
    sources.set('digits', ShardSource.fromDigits(digits.pixels, digits.labels));
    sources.set('photos', await ShardSource.fromPhotos(photos));
  },
  write: (name: StoreName, kind: ShardKind, images: number): Promise<WriteResult> => bench.write(name, kind, images),
  read: (seed?: number): Promise<ReadResult> => bench.read(seed),
  cleanup: (): Promise<void> => bench.cleanup(),
};

export type StorageBenchWorkerApi = typeof api;
Comlink.expose(api);
