// The chunked writer with fake-indexeddb for records and an in-memory store playing OPFS for the pixels.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { seededRandom, shuffleInPlace } from '../../../src/core/random';
import { shardCounts } from '../../../src/core/shard-layout';
import type { DatasetRecord, Split } from '../../../src/core/types';
import { contentId, earlierOrderId, type GoodImage } from '../../../src/ingest/commit';
import { imagesPerShard, SHARD_BYTES, ShardWriter, type ShardWriterOptions } from '../../../src/ingest/shard-writer';
import { DatasetStore } from '../../../src/storage/datasets';
import { openTrainyardDB } from '../../../src/storage/db';
import { MemoryShards } from '../../support/memory-shards';

const SIDE = 512; // 256 kB gray, 768 kB colour: a few images fill a shard
let dbCount = 0;

async function fresh() {
  const db = await openTrainyardDB(`shard-writer-test-${dbCount++}`);
  const files = new MemoryShards();
  return { db, files, store: new DatasetStore(db, files) };
}

function image(i: number, channels: 1 | 3, split: Split = i % 4 === 0 ? 'test' : 'train', label = i % 3): GoodImage {
  const random = seededRandom(i + 1);
  return { split, label, path: `p/${i}.png`, channels, pixels: Uint8Array.from({ length: SIDE * SIDE * channels }, () => Math.floor(random() * 256)) };
}

function options(store: DatasetStore, extra: Partial<ShardWriterOptions> = {}): ShardWriterOptions {
  return { store, name: 'photos', size: { width: SIDE, height: SIDE }, classes: ['class2', 'class10', 'class1'], expected: 40, estimate: async () => undefined, ...extra };
}

async function writeAll(store: DatasetStore, list: GoodImage[], extra: Partial<ShardWriterOptions> = {}) {
  const writer = await ShardWriter.begin(options(store, { expected: list.length, ...extra }));
  for (const g of list) await writer.add(g);
  return { writer, sealed: await writer.seal() };
}

function record(sealed: Awaited<ReturnType<ShardWriter['seal']>>): DatasetRecord {
  return {
    id: sealed.id, name: 'photos', createdAt: 1, layout: 'class-folders', shape: sealed.shape, classes: ['class2', 'class10', 'class1'],
    counts: sealed.counts, bytes: sealed.bytes, report: { skipped: [], warnings: [], images: sealed.images, files: sealed.images, seconds: 0 }, shardLayout: sealed.layout,
  };
}

describe('ShardWriter', () => {
  it('keeps a pending import invisible until finish, then shows the dataset and drops the pending record in one step', async () => {
    const { db, files, store } = await fresh();
    const list = Array.from({ length: 40 }, (_, i) => image(i, 1));
    const { writer, sealed } = await writeAll(store, list);
    expect(await store.list()).toEqual([]);
    expect(await db.getAll('pendingImports')).toMatchObject([{ key: writer.key, name: 'photos', store: 'opfs', images: 40, bytes: 40 * SIDE * SIDE }]);
    // 30 train images at 16 a shard, 10 test images in one.
    expect(sealed.layout.counts).toEqual({ train: [16, 14], test: [10] });
    expect(files.shards.size).toBe(3);
    await writer.finish(record(sealed));
    expect(await db.getAll('pendingImports')).toEqual([]);
    const dataset = (await store.get(sealed.id)) as DatasetRecord;
    expect(shardCounts(dataset, 'train')).toEqual([16, 14]);
    const second = await store.readShard(dataset, 'train', 1);
    const train = list.filter((g) => g.split === 'train');
    expect(second.paths).toEqual(train.slice(16).map((g) => g.path));
    expect(second.pixels.subarray(0, SIDE * SIDE)).toEqual((train[16] as GoodImage).pixels);
    expect([...second.labels]).toEqual(train.slice(16).map((g) => g.label));
  });

  it('sizes shards at a few MB from the bytes of one image', () => {
    expect(imagesPerShard(28 * 28)).toBe(Math.floor(SHARD_BYTES / 784));
    expect(imagesPerShard(96 * 96 * 3)).toBe(151);
    expect(imagesPerShard(8)).toBe(8192);
    expect(imagesPerShard(512 * 512 * 3 * 4)).toBe(4);
  });

  it('gives the one-shot content id, in any order, with gray images before and after colour ones', async () => {
    const list = [...Array.from({ length: 36 }, (_, i) => image(i, 1)), image(36, 3), ...Array.from({ length: 3 }, (_, i) => image(37 + i, 1)), image(40, 3)];
    const shape = [SIDE, SIDE, 3] as const;
    const classes = ['class2', 'class10', 'class1'];
    for (const seed of [0, 1, 2]) {
      const { store, files } = await fresh();
      // Seed 0 keeps the gray-first order: shards are written gray, then read back and widened.
      const order = seed === 0 ? list : shuffleInPlace([...list], seededRandom(seed));
      const { sealed } = await writeAll(store, order);
      expect(sealed.shape).toEqual(shape);
      expect(sealed.id).toBe(contentId(shape, classes, list));
      expect(sealed.earlierId).toBe(earlierOrderId(shape, classes, list));
      expect(sealed.bytes).toBe(list.length * SIDE * SIDE * 3);
      let stored = 0;
      for (const s of files.shards.values()) stored += s.pixels.byteLength;
      expect(stored).toBe(sealed.bytes);
    }
  });

  it('removes every shard and its pending record when abandoned (cancel)', async () => {
    const { db, files, store } = await fresh();
    const writer = await ShardWriter.begin(options(store));
    for (let i = 0; i < 20; i++) await writer.add(image(i, 1, 'train'));
    expect(files.shards.size).toBe(1);
    await writer.abandon();
    expect(files.shards.size).toBe(0);
    expect(await db.getAll('pendingImports')).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('stops with the numbers when the estimate shows the rest will not fit, before writing the shard', async () => {
    const { files, store } = await fresh();
    // Room enough when the import starts; then something else fills the disk down to 7 MB. The estimate is asked
    // again every 1 MB written (64 MB by default).
    let quota = 100_000_000;
    const estimate = async () => ({ usage: files.bytes, quota });
    const writer = await ShardWriter.begin(options(store, { estimate, expected: 40, estimateEvery: 1_000_000 }));
    quota = 7_000_000;
    const added = (async () => {
      for (let i = 0; i < 40; i++) await writer.add(image(i, 1, 'train'));
    })();
    await expect(added).rejects.toThrow('photos: not enough storage. This dataset needs about 10.5 MB and the browser allows 7.0 MB more.');
    await writer.abandon();
    expect(files.shards.size).toBe(0);
  });

  it('asks for the estimate once while it proves the room, and again when colour images outgrow it', async () => {
    const { files, store } = await fresh();
    let asked = 0;
    const estimate = async () => (asked++, { usage: files.bytes, quota: 100_000_000 });
    await writeAll(store, Array.from({ length: 40 }, (_, i) => image(i, 1)), { estimate });
    // 10.5 MB of gray against 100 MB free: the estimate the import began with is the only one.
    expect(asked).toBe(1);

    // The preview's sample said gray and the first images are gray, then a colour one comes: the shards are
    // written again three times as large, and the room known for gray no longer proves that the rest fits.
    const second = await fresh();
    asked = 0;
    const tight = async () => (asked++, { usage: second.files.bytes, quota: 14_000_000 });
    const writer = await ShardWriter.begin(options(second.store, { estimate: tight, expected: 40, channelsHint: 1 }));
    expect(asked).toBe(1);
    const added = (async () => {
      for (let i = 0; i < 40; i++) await writer.add(image(i, i < 12 ? 1 : 3, 'train'));
    })();
    await expect(added).rejects.toThrow('photos: not enough storage. This dataset needs about');
    expect(asked).toBeGreaterThan(1);
    await writer.abandon();
    expect(second.files.shards.size).toBe(0);
  });

  it('turns a QuotaExceededError on a write into the message, and the import into nothing', async () => {
    const { db, files, store } = await fresh();
    files.room = 5_000_000;
    const writer = await ShardWriter.begin(options(store));
    const added = (async () => {
      for (let i = 0; i < 40; i++) await writer.add(image(i, 1, 'train'));
    })();
    await expect(added).rejects.toThrow('photos: not enough storage. This dataset needs about 10.5 MB and the browser refused to store more.');
    await writer.abandon();
    expect(files.shards.size).toBe(0);
    expect(await db.getAll('pendingImports')).toEqual([]);
  });
});
