// Dataset versions and their pixel shards. A version's shards and record are written in one transaction;
// shards without a dataset (from older builds, or a browser that lost a transaction) are removed at start-up.
import { shardLayoutOf } from '../core/shard-layout';
import type { DatasetRecord, ShardData, Split } from '../core/types';
import type { ShardRecord, TrainyardDB } from './db';

export class DatasetStore {
  constructor(private readonly db: TrainyardDB) {}

  async list(): Promise<DatasetRecord[]> {
    const all = await this.db.getAll('datasets');
    return all.sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): Promise<DatasetRecord | undefined> {
    return this.db.get('datasets', id);
  }

  /**
   * Writes a dataset version: every shard, then the record, in one transaction. Until it commits nothing of it
   * is visible, and if the tab closes or the quota runs out the browser rolls all of it back.
   */
  async commitVersion(record: DatasetRecord, shards: readonly ShardRecord[], onShard: (images: number) => void = () => {}): Promise<void> {
    const tx = this.db.transaction(['shards', 'datasets'], 'readwrite');
    const writes = shards.map((shard) => tx.objectStore('shards').put(shard).then(() => onShard(shard.count)));
    writes.push(tx.objectStore('datasets').put(record).then(() => {}));
    await Promise.all([...writes, tx.done]);
  }

  /** The first shard of a split: enough for a grid of samples without reading the whole dataset. */
  async firstShard(datasetId: string, split: Split): Promise<ShardRecord | undefined> {
    return this.db.get('shards', [datasetId, split, 0]);
  }

  /** One shard of a split, by its index in the dataset's shard layout. */
  async readShard(dataset: DatasetRecord, split: Split, index: number): Promise<ShardData> {
    const layout = shardLayoutOf(dataset);
    const shard = await this.db.get('shards', [layout.key, split, index]);
    if (!shard) throw new Error(`Shard ${index + 1} of the ${split} split of "${dataset.name}" is missing from storage.`);
    return shard;
  }

  async shards(datasetId: string, split: Split): Promise<ShardRecord[]> {
    const range = IDBKeyRange.bound([datasetId, split, 0], [datasetId, split, Number.MAX_SAFE_INTEGER]);
    return this.db.getAll('shards', range);
  }

  /** Removes a dataset, its shards, its cached features and its runs with their artifacts and analyses, in one transaction. */
  async delete(datasetId: string): Promise<void> {
    const tx = this.db.transaction(['datasets', 'shards', 'runs', 'artifacts', 'analyses', 'analysisSummaries', 'features'], 'readwrite');
    const runIds = await tx.objectStore('runs').index('byDataset').getAllKeys(datasetId);
    await tx.objectStore('datasets').delete(datasetId);
    for (const id of runIds) {
      await tx.objectStore('runs').delete(id);
      await tx.objectStore('artifacts').delete(id);
      await tx.objectStore('analyses').delete(id);
      await tx.objectStore('analysisSummaries').delete(id);
    }
    let cursor = await tx.objectStore('shards').index('byDataset').openCursor(datasetId);
    while (cursor) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    let features = await tx.objectStore('features').index('byDataset').openCursor(datasetId);
    while (features) {
      await features.delete();
      features = await features.continue();
    }
    await tx.done;
  }

  /**
   * Shards whose dataset was never committed (a tab closed mid-ingest): removed. Returns how many. Walks the
   * dataset index's keys only, jumping over each committed dataset, so start-up never reads a pixel.
   */
  async removeLeftoverShards(): Promise<number> {
    const committed = new Set(await this.db.getAllKeys('datasets'));
    const tx = this.db.transaction('shards', 'readwrite');
    let removed = 0;
    let cursor = await tx.store.index('byDataset').openKeyCursor();
    while (cursor) {
      if (committed.has(cursor.key)) {
        // The smallest string after this id: the next dataset's first shard.
        cursor = await cursor.continue(`${cursor.key}\u0000`);
        continue;
      }
      await tx.store.delete(cursor.primaryKey);
      removed++;
      cursor = await cursor.continue();
    }
    await tx.done;
    return removed;
  }
}
