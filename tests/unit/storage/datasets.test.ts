import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openTrainyardDB, type ShardRecord } from '../../../src/storage/db';
import { DatasetStore } from '../../../src/storage/datasets';
import type { DatasetRecord } from '../../../src/core/types';

const shard = (datasetId: string, index: number): ShardRecord => ({ datasetId, split: 'train', index, count: 1, pixels: new Uint8Array(4), labels: new Uint16Array(1), paths: ['a.png'] });
const dataset = (id: string) => ({ id, name: id, createdAt: 1 }) as unknown as DatasetRecord;

describe('leftover shards at start-up', () => {
  it('removes the shards of datasets never committed, before, between and after committed ones, and keeps the rest', async () => {
    const db = await openTrainyardDB('leftovers');
    const store = new DatasetStore(db);
    await store.commitVersion(dataset('b'), [shard('b', 0), shard('b', 1)]);
    await store.commitVersion(dataset('d'), [shard('d', 0)]);
    for (const s of [shard('a', 0), shard('c', 0), shard('c', 1), shard('b\u0000x', 0), shard('e', 0)]) await db.put('shards', s);
    expect(await store.removeLeftoverShards()).toBe(5);
    expect((await db.getAllKeys('shards')).map((k) => `${k[0]}/${k[2]}`)).toEqual(['b/0', 'b/1', 'd/0']);
  });
});
