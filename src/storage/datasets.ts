// Dataset versions and their pixel shards. Shards are written while an import runs, under a pending import
// record; the dataset record is put and the pending record deleted in one small transaction, so a dataset is
// visible only once all its shards are stored. Leftovers (a closed tab, a crash) are removed at start-up.
import { shardLayoutOf } from '../core/shard-layout';
import type { DatasetRecord, ShardData, ShardLayout, Split } from '../core/types';
import type { PendingImport, ShardRecord, TrainyardDB } from './db';
import { importLockFree } from './import-locks';
import { openOpfsShards } from './opfs-shards';
import { IndexedDbShards, type PixelShardStore } from './pixel-shards';

/** What start-up cleanup removed. */
export interface Leftovers {
  /** Imports no live tab was running, with how far each had got. */
  imports: PendingImport[];
  /** Shard keys that neither a dataset nor a pending import referred to. */
  orphans: number;
}

export class DatasetStore {
  private readonly idb: IndexedDbShards;
  private readonly opfs: Promise<PixelShardStore | undefined>;

  /** `opfs`: the file store, found by default where the browser has one (tests may hand another). */
  constructor(private readonly db: TrainyardDB, opfs: PixelShardStore | Promise<PixelShardStore | undefined> = openOpfsShards()) {
    this.idb = new IndexedDbShards(db);
    this.opfs = Promise.resolve(opfs);
  }

  async list(): Promise<DatasetRecord[]> {
    const all = await this.db.getAll('datasets');
    return all.sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): Promise<DatasetRecord | undefined> {
    return this.db.get('datasets', id);
  }

  /** The store a new import writes its shards to: files where the browser has them, IndexedDB otherwise. */
  async newShardStore(): Promise<PixelShardStore> {
    return (await this.opfs) ?? this.idb;
  }

  async shardStore(kind: ShardLayout['store']): Promise<PixelShardStore> {
    if (kind === 'indexeddb') return this.idb;
    const opfs = await this.opfs;
    if (!opfs) throw new Error("This dataset's pixels are in the browser's private files, which this page cannot open (a private window?).");
    return opfs;
  }

  /** Marks an import as under way: from here until `finishImport` or `abandonImport` its shards are pending. */
  async beginImport(pending: PendingImport): Promise<void> {
    await this.db.put('pendingImports', pending);
  }

  /** Records how far a pending import has got. */
  async noteImport(pending: PendingImport): Promise<void> {
    await this.db.put('pendingImports', pending);
  }

  /** The dataset becomes visible and its import stops being pending, in one transaction. */
  async finishImport(record: DatasetRecord, pendingKey: string): Promise<void> {
    const tx = this.db.transaction(['datasets', 'pendingImports'], 'readwrite');
    await Promise.all([tx.objectStore('datasets').put(record), tx.objectStore('pendingImports').delete(pendingKey), tx.done]);
  }

  /**
   * Stores a whole version at once, written as an import writes it (pending, its shards in the pixel store, then
   * the record with its layout): for benchmarks and seeded studios. Shards come in split order, then index order.
   */
  async putVersion(record: DatasetRecord, shards: readonly (ShardData & { split: Split })[]): Promise<DatasetRecord> {
    const pixels = await this.newShardStore();
    await this.beginImport({ key: record.id, name: record.name, store: pixels.kind, started: Date.now(), images: 0, bytes: 0 });
    const counts: ShardLayout['counts'] = {};
    for (const shard of shards) {
      const list = (counts[shard.split] ??= []);
      await pixels.write(record.id, shard.split, list.length, shard);
      list.push(shard.count);
    }
    const stored = { ...record, shardLayout: { key: record.id, store: pixels.kind, counts } };
    await this.finishImport(stored, record.id);
    return stored;
  }

  /** Removes a pending import's shards, then its record (a crash between the two leaves it for start-up). */
  async abandonImport(pending: Pick<PendingImport, 'key' | 'store'>): Promise<void> {
    await (await this.shardStore(pending.store)).remove(pending.key);
    await this.db.delete('pendingImports', pending.key);
  }

  /** The first shard of a split: enough for a grid of samples without reading the whole dataset. */
  async firstShard(datasetId: string, split: Split): Promise<ShardRecord | undefined> {
    const dataset = await this.get(datasetId);
    if (!dataset || !shardLayoutOf(dataset).counts[split]?.length) return undefined;
    return { datasetId, split, index: 0, ...(await this.readShard(dataset, split, 0)) };
  }

  /** One shard of a split, by its index in the dataset's shard layout. */
  async readShard(dataset: DatasetRecord, split: Split, index: number): Promise<ShardData> {
    const layout = shardLayoutOf(dataset);
    const shard = await (await this.shardStore(layout.store)).read(layout.key, split, index);
    if (!shard) throw new Error(`Shard ${index + 1} of the ${split} split of "${dataset.name}" is missing from storage.`);
    return shard;
  }

  /** Every shard of a split, in order (export, and training that holds a whole split). */
  async shards(datasetId: string, split: Split): Promise<ShardRecord[]> {
    const dataset = await this.get(datasetId);
    if (!dataset) return [];
    const layout = shardLayoutOf(dataset);
    const found = await (await this.shardStore(layout.store)).readAll(layout.key, split);
    return found.map((shard, index) => ({ datasetId, split, index, ...shard }));
  }

  /**
   * Removes a dataset, its cached features and its runs with their artifacts and analyses in one transaction,
   * with its shards when they are in IndexedDB; shards in files go right after (if that fails, start-up cleanup
   * finds them without a dataset).
   */
  async delete(datasetId: string): Promise<void> {
    const tx = this.db.transaction(['datasets', 'shards', 'runs', 'artifacts', 'analyses', 'analysisSummaries', 'features'], 'readwrite');
    const dataset = await tx.objectStore('datasets').get(datasetId);
    const layout = dataset ? shardLayoutOf(dataset) : { key: datasetId, store: 'indexeddb' as const };
    const runIds = await tx.objectStore('runs').index('byDataset').getAllKeys(datasetId);
    await tx.objectStore('datasets').delete(datasetId);
    for (const id of runIds) {
      await tx.objectStore('runs').delete(id);
      await tx.objectStore('artifacts').delete(id);
      await tx.objectStore('analyses').delete(id);
      await tx.objectStore('analysisSummaries').delete(id);
    }
    if (layout.store === 'indexeddb') {
      for (const key of await tx.objectStore('shards').index('byDataset').getAllKeys(layout.key)) await tx.objectStore('shards').delete(key);
    }
    let features = await tx.objectStore('features').index('byDataset').openCursor(datasetId);
    while (features) {
      await features.delete();
      features = await features.continue();
    }
    await tx.done;
    if (layout.store === 'opfs') await (await this.shardStore('opfs')).remove(layout.key);
  }

  /**
   * Start-up cleanup: pending imports that no live tab holds (their shards, then their record), and shards
   * that no dataset or pending import refers to, in either store.
   */
  async removeLeftovers(lockFree: (key: string) => Promise<boolean> = importLockFree): Promise<Leftovers> {
    const stores = [this.idb, ...((await this.opfs) ? [(await this.opfs) as PixelShardStore] : [])];
    // Shard keys are listed before the records are read: an import that starts in between has its pending
    // record written before its first shard, so a key listed here always has its record in what is read next.
    const listed = await Promise.all(stores.map((s) => s.keys()));
    const tx = this.db.transaction(['datasets', 'pendingImports']);
    const [datasets, pending] = await Promise.all([tx.objectStore('datasets').getAll(), tx.objectStore('pendingImports').getAll(), tx.done]);
    const referenced = new Set(datasets.map((d) => shardLayoutOf(d).key));
    const imports: PendingImport[] = [];
    for (const p of pending) {
      referenced.add(p.key);
      if (!(await lockFree(p.key))) continue;
      // One that cannot be removed now (its store is unavailable) is left for a later start.
      if (await this.abandonImport(p).then(() => true, () => false)) imports.push(p);
    }
    let orphans = 0;
    for (const [i, store] of stores.entries()) {
      for (const key of listed[i] ?? []) {
        if (referenced.has(key)) continue;
        await store.remove(key);
        orphans++;
      }
    }
    return { imports, orphans };
  }
}
