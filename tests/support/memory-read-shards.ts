// Shards held in memory behind DatasetStore.readShard's signature, with the shard layout a dataset record gives them,
// so training and analysis read them as they read stored ones. Counts reads, so a test can see what was streamed.
import type { DatasetRecord, ShardData, ShardLayout, Split } from '../../src/core/types';

export interface MemoryShard {
  count: number;
  pixels: Uint8Array;
  labels: Uint16Array;
  paths?: string[];
}

export function memoryShards(bySplit: Partial<Record<Split, readonly MemoryShard[]>>, key = 'memory') {
  const counts: ShardLayout['counts'] = {};
  for (const [split, list] of Object.entries(bySplit) as [Split, readonly MemoryShard[]][]) if (list.length) counts[split] = list.map((s) => s.count);
  const reads: string[] = [];
  return {
    shardLayout: { key, store: 'indexeddb', counts } satisfies ShardLayout,
    reads,
    readShard: async (_dataset: DatasetRecord, split: Split, index: number): Promise<ShardData> => {
      const shard = bySplit[split]?.[index];
      if (!shard) throw new Error(`no shard ${index} in ${split}`);
      reads.push(`${split}/${index}`);
      return { count: shard.count, pixels: shard.pixels, labels: shard.labels, paths: shard.paths ?? [] };
    },
  };
}

/** Cuts one shard into shards of the given sizes (cycled until every image is in one). */
export function cutShard(shard: MemoryShard, sizes: readonly number[], per: number): MemoryShard[] {
  const out: MemoryShard[] = [];
  for (let at = 0, i = 0; at < shard.count; i++) {
    const n = Math.min(sizes[i % sizes.length] as number, shard.count - at);
    out.push({
      count: n, pixels: shard.pixels.slice(at * per, (at + n) * per), labels: shard.labels.slice(at, at + n),
      ...(shard.paths ? { paths: shard.paths.slice(at, at + n) } : {}),
    });
    at += n;
  }
  return out;
}
