// Where pixel shards are kept: one interface, two places. The Origin Private File System (a directory per
// shard key, a file per shard: see opfs-shards) where the browser has it, measured 4–5× faster than
// IndexedDB for writing and for shuffled reads; IndexedDB's `shards` store where it does not (Node tests, older
// browsers), and for datasets stored before chunked ingest. A dataset's shard layout names which one holds it.
import type { ShardData, ShardLayout, Split } from '../core/types';
import type { TrainyardDB } from './db';

export type ShardStoreKind = ShardLayout['store'];

export interface PixelShardStore {
  readonly kind: ShardStoreKind;
  /** Writes (or overwrites) one shard. A full disk fails with a QuotaExceededError. */
  write(key: string, split: Split, index: number, shard: ShardData): Promise<void>;
  read(key: string, split: Split, index: number): Promise<ShardData | undefined>;
  /** Every shard of one split, in index order. */
  readAll(key: string, split: Split): Promise<ShardData[]>;
  /** Removes every shard under a key (nothing happens when there is none). */
  remove(key: string): Promise<void>;
  /** Every key that has shards here. */
  keys(): Promise<string[]>;
}

/** Shards as records of the `shards` object store, keyed by [key, split, index]. */
export class IndexedDbShards implements PixelShardStore {
  readonly kind = 'indexeddb';
  constructor(private readonly db: TrainyardDB) {}

  async write(key: string, split: Split, index: number, shard: ShardData): Promise<void> {
    await this.db.put('shards', { datasetId: key, split, index, count: shard.count, pixels: shard.pixels, labels: shard.labels, paths: shard.paths });
  }

  read(key: string, split: Split, index: number): Promise<ShardData | undefined> {
    return this.db.get('shards', [key, split, index]);
  }

  readAll(key: string, split: Split): Promise<ShardData[]> {
    return this.db.getAll('shards', IDBKeyRange.bound([key, split, 0], [key, split, Number.MAX_SAFE_INTEGER]));
  }

  async remove(key: string): Promise<void> {
    const tx = this.db.transaction('shards', 'readwrite');
    for (const primary of await tx.store.index('byDataset').getAllKeys(key)) await tx.store.delete(primary);
    await tx.done;
  }

  async keys(): Promise<string[]> {
    const keys = new Set<string>();
    const tx = this.db.transaction('shards');
    // Walks keys only: the pixels are never read.
    let cursor = await tx.store.index('byDataset').openKeyCursor(null, 'nextunique');
    while (cursor) {
      keys.add(cursor.key);
      cursor = await cursor.continue();
    }
    return [...keys];
  }
}
