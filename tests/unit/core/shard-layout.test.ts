import { describe, expect, it } from 'vitest';
import { shardCounts, shardLayoutOf } from '../../../src/core/shard-layout';
import type { DatasetRecord } from '../../../src/core/types';

const dataset = (extra: Partial<DatasetRecord> = {}): DatasetRecord => ({
  id: 'abc', name: 'd', createdAt: 0, layout: 'class-folders', shape: [28, 28, 1], classes: ['a', 'b'], bytes: 0,
  counts: { train: { perClass: [5000, 4000], total: 9000 }, test: { perClass: [10, 0], total: 10 } },
  report: { skipped: [], warnings: [], images: 9010, files: 9010, seconds: 0 }, ...extra,
});

describe('shard layout', () => {
  it('gives datasets stored before chunked ingest their IndexedDB shards of 4,096 images under their id', () => {
    expect(shardLayoutOf(dataset())).toEqual({ key: 'abc', store: 'indexeddb', counts: { train: [4096, 4096, 808], test: [10] } });
    expect(shardCounts(dataset(), 'val')).toEqual([]);
  });

  it('uses the layout a dataset records', () => {
    const layout = { key: 'pending-1', store: 'opfs' as const, counts: { train: [3, 2] } };
    expect(shardCounts(dataset({ shardLayout: layout }), 'train')).toEqual([3, 2]);
    expect(shardCounts(dataset({ shardLayout: layout }), 'test')).toEqual([]);
  });
});
