// Pixel shards held in memory: a second store beside IndexedDB for tests (it plays OPFS, which Node lacks), and
// a way to make a write fail as a full disk would.
import type { ShardData, Split } from '../../src/core/types';
import type { PixelShardStore, ShardStoreKind } from '../../src/storage/pixel-shards';

export class MemoryShards implements PixelShardStore {
  readonly shards = new Map<string, ShardData>();
  /** Bytes the store accepts before a write fails with a QuotaExceededError. */
  room = Number.POSITIVE_INFINITY;
  constructor(readonly kind: ShardStoreKind = 'opfs') {}

  get bytes(): number {
    let total = 0;
    for (const s of this.shards.values()) total += s.pixels.byteLength;
    return total;
  }

  async write(key: string, split: Split, index: number, shard: ShardData): Promise<void> {
    if (this.bytes + shard.pixels.byteLength > this.room) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.shards.set(`${key}/${split}/${index}`, { count: shard.count, pixels: shard.pixels.slice(), labels: shard.labels.slice(), paths: [...shard.paths] });
  }

  async read(key: string, split: Split, index: number): Promise<ShardData | undefined> {
    return this.shards.get(`${key}/${split}/${index}`);
  }

  async readAll(key: string, split: Split): Promise<ShardData[]> {
    const found: ShardData[] = [];
    for (let i = 0; this.shards.has(`${key}/${split}/${i}`); i++) found.push(this.shards.get(`${key}/${split}/${i}`) as ShardData);
    return found;
  }

  async remove(key: string): Promise<void> {
    for (const name of [...this.shards.keys()]) if (name.startsWith(`${key}/`)) this.shards.delete(name);
  }

  async keys(): Promise<string[]> {
    return [...new Set([...this.shards.keys()].map((name) => name.slice(0, name.indexOf('/'))))];
  }
}
