// The storage benchmark's measurements, run in a dedicated worker: write every shard of a split into one store (in
// groups of a few shards, as an import would commit them), then read them all back in a shuffled shard order (as a
// training epoch would), checking each shard's bytes; times count storage calls only, not making the shards.
import { openShardStore, type ShardStore, type StoreName } from './shard-stores';
import { seededRandom } from '../../core/random';
import { planShards, sampledChecksum, type ShardKind, type ShardPlan, type ShardSource } from './shard-source';

/** Shards per IndexedDB transaction (per flush for a split file): a few, as a chunked import would commit. */
export const SHARDS_PER_GROUP = 4;

export interface WriteResult {
  backend: 'indexeddb' | 'opfs';
  layout: string;
  images: number;
  shards: number;
  bytes: number;
  seconds: number;
  /** Seconds spent making the shards' bytes (not counted in `seconds`). */
  makeSeconds: number;
  /** navigator.storage.estimate() usage added by the write (bytes); undefined when the estimate did not come. */
  storedBytes: number | undefined;
}

export interface ReadResult {
  images: number;
  shards: number;
  bytes: number;
  seconds: number;
  firstShardMs: number;
  /** Every shard's labels count and sampled checksum matched what was written. */
  verified: boolean;
}

export class StorageBench {
  private store: ShardStore | undefined;
  private plan: ShardPlan | undefined;
  private readonly checksums = new Map<number, number>();

  constructor(private readonly sources: Map<ShardKind, ShardSource>) {}

  async write(name: StoreName, kind: ShardKind, images: number): Promise<WriteResult> {
    const source = this.sources.get(kind);
    if (!source) throw new Error(`No ${kind} were handed to the benchmark worker.`);
    const plan = (this.plan = planShards(kind, images));
    const before = await usage();
    let seconds = 0;
    let makeSeconds = 0;
    let bytes = 0;
    const opened = performance.now();
    const store = (this.store = await openShardStore(name, kind, plan.imageBytes));
    seconds += (performance.now() - opened) / 1000;
    this.checksums.clear();
    for (let first = 0; first < plan.shards; first += SHARDS_PER_GROUP) {
      const made = performance.now();
      const group = [];
      for (let i = first; i < Math.min(plan.shards, first + SHARDS_PER_GROUP); i++) group.push(source.shard(plan, i));
      const started = performance.now();
      makeSeconds += (started - made) / 1000;
      await store.writeGroup(group);
      seconds += (performance.now() - started) / 1000;
      for (const s of group) {
        this.checksums.set(s.index, s.checksum);
        bytes += s.pixels.byteLength + s.labels.byteLength;
      }
    }
    const finishing = performance.now();
    await store.finishWriting();
    seconds += (performance.now() - finishing) / 1000;
    const after = await usage();
    const storedBytes = before === undefined || after === undefined ? undefined : after - before;
    return { backend: store.backend, layout: store.layout, images, shards: plan.shards, bytes, seconds, makeSeconds, storedBytes };
  }

  async read(seed = 1): Promise<ReadResult> {
    const { store, plan } = this;
    if (!store || !plan) throw new Error('Nothing was written to read back.');
    const order = shuffled(plan.shards, seed);
    let bytes = 0;
    let images = 0;
    let firstShardMs = 0;
    let verified = true;
    const started = performance.now();
    for (const index of order) {
      const shard = await store.read(index);
      if (index === order[0]) firstShardMs = performance.now() - started;
      // Touching the bytes (the checksum) is part of the read: training would copy them into a batch.
      if (sampledChecksum(shard.pixels) !== this.checksums.get(index) || shard.labels.length * plan.imageBytes !== shard.pixels.length) verified = false;
      bytes += shard.pixels.byteLength + shard.labels.byteLength;
      images += shard.labels.length;
    }
    const seconds = (performance.now() - started) / 1000;
    return { images, shards: order.length, bytes, seconds, firstShardMs, verified };
  }

  /** Deletes what the last write made (the database, or the OPFS directory). */
  async cleanup(): Promise<void> {
    await this.store?.destroy();
    this.store = undefined;
    this.plan = undefined;
  }
}

/** 0..n-1 in a seeded Fisher–Yates order: training shuffles shards before it shuffles within a window. */
function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Bytes the origin uses, or undefined when Chromium does not answer within 10 s (seen after many OPFS files). */
async function usage(): Promise<number | undefined> {
  const late = new Promise<undefined>((resolve) => setTimeout(resolve, 10_000));
  return Promise.race([navigator.storage.estimate().then((e) => e.usage), late]);
}
