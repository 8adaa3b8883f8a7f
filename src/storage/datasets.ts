// Dataset versions and their pixel shards. A dataset record is written last, after every shard:
// until then it is invisible, and shards without a dataset are removed as leftovers at start-up.
import type { DatasetRecord, Split } from '../core/types';
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

  async putShard(shard: ShardRecord): Promise<void> {
    await this.db.put('shards', shard);
  }

  /** Makes the dataset visible: call once all its shards are written. */
  async commit(record: DatasetRecord): Promise<void> {
    await this.db.put('datasets', record);
  }

  async shards(datasetId: string, split: Split): Promise<ShardRecord[]> {
    const range = IDBKeyRange.bound([datasetId, split, 0], [datasetId, split, Number.MAX_SAFE_INTEGER]);
    return this.db.getAll('shards', range);
  }

  /** Removes a dataset, its shards and its runs with their artifacts and analyses, in one transaction. */
  async delete(datasetId: string): Promise<void> {
    const tx = this.db.transaction(['datasets', 'shards', 'runs', 'artifacts', 'analyses'], 'readwrite');
    const runIds = await tx.objectStore('runs').index('byDataset').getAllKeys(datasetId);
    await tx.objectStore('datasets').delete(datasetId);
    for (const id of runIds) {
      await tx.objectStore('runs').delete(id);
      await tx.objectStore('artifacts').delete(id);
      await tx.objectStore('analyses').delete(id);
    }
    let cursor = await tx.objectStore('shards').index('byDataset').openCursor(datasetId);
    while (cursor) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  /** Shards whose dataset was never committed (a tab closed mid-ingest): removed. Returns how many. */
  async removeLeftoverShards(): Promise<number> {
    const committed = new Set(await this.db.getAllKeys('datasets'));
    const tx = this.db.transaction('shards', 'readwrite');
    let removed = 0;
    for await (const cursor of tx.store.iterate()) {
      if (!committed.has(cursor.value.datasetId)) {
        await cursor.delete();
        removed++;
      }
    }
    await tx.done;
    return removed;
  }
}
