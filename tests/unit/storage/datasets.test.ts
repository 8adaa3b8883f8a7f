// DatasetStore over both pixel stores: IndexedDB (older datasets, and browsers without OPFS) and files (an
// in-memory store plays OPFS here), and the start-up cleanup of what an interrupted import left.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DatasetRecord } from '../../../src/core/types';
import { DatasetStore } from '../../../src/storage/datasets';
import { openTrainyardDB, type PendingImport } from '../../../src/storage/db';
import { leftoverNotice } from '../../../src/state/leftover-notice';
import { MemoryShards } from '../../support/memory-shards';

let dbCount = 0;
async function fresh() {
  const db = await openTrainyardDB(`datasets-test-${dbCount++}`);
  const files = new MemoryShards();
  return { db, files, store: new DatasetStore(db, files) };
}

const shard = (count: number, fill: number) => ({ count, pixels: new Uint8Array(count * 4).fill(fill), labels: new Uint16Array(count).fill(1), paths: Array.from({ length: count }, (_, i) => `${fill}/${i}.png`) });

function dataset(id: string, extra: Partial<DatasetRecord> = {}): DatasetRecord {
  return {
    id, name: id, createdAt: 1, layout: 'class-folders', shape: [2, 2, 1], classes: ['a', 'b'],
    counts: { train: { perClass: [0, 5], total: 5 } }, bytes: 20, report: { skipped: [], warnings: [], images: 5, files: 5, seconds: 0 }, ...extra,
  };
}

describe('DatasetStore', () => {
  it('reads a dataset stored before chunked ingest (IndexedDB, keyed by its id) and deletes it with its shards', async () => {
    const { db, store } = await fresh();
    await db.put('shards', { datasetId: 'old', split: 'train', index: 0, ...shard(5, 9) });
    await db.put('datasets', dataset('old'));
    const old = (await store.get('old')) as DatasetRecord;
    expect((await store.readShard(old, 'train', 0)).paths).toEqual(shard(5, 9).paths);
    expect(await store.firstShard('old', 'train')).toMatchObject({ datasetId: 'old', index: 0, count: 5 });
    expect(await store.shards('old', 'train')).toHaveLength(1);
    await store.delete('old');
    expect(await db.getAll('shards')).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('reads a dataset whose shards are files through its layout, and deletes its files with it', async () => {
    const { files, store, db } = await fresh();
    await files.write('k1', 'train', 0, shard(3, 1));
    await files.write('k1', 'train', 1, shard(2, 2));
    await db.put('datasets', dataset('new', { shardLayout: { key: 'k1', store: 'opfs', counts: { train: [3, 2] } } }));
    const record = (await store.get('new')) as DatasetRecord;
    expect((await store.readShard(record, 'train', 1)).pixels).toEqual(new Uint8Array(8).fill(2));
    expect((await store.shards('new', 'train')).map((s) => s.count)).toEqual([3, 2]);
    await expect(store.readShard(record, 'train', 2)).rejects.toThrow('Shard 3 of the train split of "new" is missing from storage.');
    await store.delete('new');
    expect(files.shards.size).toBe(0);
  });

  it('at start-up removes an import no live tab holds, and says how far it had got', async () => {
    const { db, files, store } = await fresh();
    const pending: PendingImport = { key: 'p1', name: 'Holiday photos', store: 'opfs', started: 1, images: 12_000, bytes: 9_400_000 };
    await store.beginImport(pending);
    await files.write('p1', 'train', 0, shard(3, 1));
    const leftovers = await store.removeLeftovers(async () => true);
    expect(leftovers).toEqual({ imports: [pending], orphans: 0 });
    expect(files.shards.size).toBe(0);
    expect(await db.getAll('pendingImports')).toEqual([]);
    expect(leftoverNotice(leftovers)).toBe('Removed an unfinished import of "Holiday photos": 12,000 images, 9.4 MB, left by a tab that was closed or crashed.');
  });

  it('leaves an import that another tab is still running, with its shards', async () => {
    const { db, files, store } = await fresh();
    await store.beginImport({ key: 'live', name: 'x', store: 'opfs', started: 1, images: 3, bytes: 12 });
    await files.write('live', 'train', 0, shard(3, 1));
    expect(await store.removeLeftovers(async () => false)).toEqual({ imports: [], orphans: 0 });
    expect(files.shards.size).toBe(1);
    expect(await db.getAll('pendingImports')).toHaveLength(1);
  });

  it('removes shards that no dataset or import refers to, in both stores, and keeps the ones that are referred to', async () => {
    const { db, files, store } = await fresh();
    await files.write('kept', 'train', 0, shard(5, 1));
    await files.write('stray', 'test', 0, shard(1, 1));
    await db.put('shards', { datasetId: 'old', split: 'train', index: 0, ...shard(5, 9) });
    await db.put('shards', { datasetId: 'gone', split: 'train', index: 0, ...shard(1, 9) });
    await db.put('datasets', dataset('old'));
    await db.put('datasets', dataset('new', { shardLayout: { key: 'kept', store: 'opfs', counts: { train: [5] } } }));
    expect(await store.removeLeftovers(async () => true)).toEqual({ imports: [], orphans: 2 });
    expect(await files.keys()).toEqual(['kept']);
    expect((await db.getAll('shards')).map((s) => s.datasetId)).toEqual(['old']);
    expect(leftoverNotice({ imports: [], orphans: 2 })).toBeUndefined();
  });
});
