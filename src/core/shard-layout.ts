// Where a dataset's pixel shards are. Datasets stored before chunked ingest have no layout: their shards sit in
// IndexedDB under the dataset's id, 4,096 images to a shard.
import type { DatasetRecord, ShardLayout, Split } from './types';
import { SPLITS } from './types';

/** Images per shard in datasets stored before chunked ingest. */
export const LEGACY_SHARD_IMAGES = 4096;

export function shardLayoutOf(dataset: DatasetRecord): ShardLayout {
  if (dataset.shardLayout) return dataset.shardLayout;
  const counts: ShardLayout['counts'] = {};
  for (const split of SPLITS) {
    const total = dataset.counts[split]?.total ?? 0;
    if (total === 0) continue;
    counts[split] = Array.from({ length: Math.ceil(total / LEGACY_SHARD_IMAGES) }, (_, i) => Math.min(LEGACY_SHARD_IMAGES, total - i * LEGACY_SHARD_IMAGES));
  }
  return { key: dataset.id, store: 'indexeddb', counts };
}

/** Images per shard of one split, in shard order (empty when the split has no images). */
export function shardCounts(dataset: DatasetRecord, split: Split): readonly number[] {
  return shardLayoutOf(dataset).counts[split] ?? [];
}
