import 'fake-indexeddb/auto';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { ingestManifest, type IngestOptions } from '../../../src/ingest/ingest';
import { readManifest } from '../../../src/ingest/scan';
import { sourceFromFiles, type PathedFile } from '../../../src/ingest/sources';
import { DatasetStore } from '../../../src/storage/datasets';
import { openTrainyardDB } from '../../../src/storage/db';
import { loadDigits } from '../../support/digits';
import { MemoryShards } from '../../support/memory-shards';

const digits = loadDigits(10); // 100 real digits, 10 per class
const png = (pixels: Uint8Array) => new Uint8Array(encode({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 }));
const classFolders = (): PathedFile[] => digits.map((d, i) => ({ path: `digits/${d.label}/${String(i).padStart(3, '0')}.png`, file: new Blob([png(d.pixels)]) }));
const options: IngestOptions = { size: { width: 28, height: 28 }, policy: 'letterbox', name: 'digits' };
const layout = { testRatio: 0.2, seed: 42 };
let dbCount = 0;
const freshStore = async () => new DatasetStore(await openTrainyardDB(`ingest-test-${dbCount++}`));

async function ingest(files: PathedFile[], store: DatasetStore, extra: Partial<Parameters<typeof ingestManifest>[3]> = {}) {
  const source = sourceFromFiles('digits', files);
  return ingestManifest(source, await readManifest(source, layout), options, { store, ...extra });
}

describe('ingestManifest', () => {
  it('stores real digits as one byte per pixel, with labels and paths, split 80/20 per class', async () => {
    const store = await freshStore();
    const result = await ingest(classFolders(), store);
    const dataset = result.dataset;
    expect(result.existed).toBe(false);
    expect(dataset.shape).toEqual([28, 28, 1]);
    expect(dataset.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(dataset.counts.train?.perClass).toEqual(Array(10).fill(8));
    expect(dataset.counts.test?.perClass).toEqual(Array(10).fill(2));
    expect(dataset.split).toEqual(layout);
    expect(dataset.bytes).toBe(100 * 784);
    expect(dataset.report.skipped).toEqual([]);
    expect(await store.list()).toHaveLength(1);

    const shards = [...(await store.shards(dataset.id, 'train')), ...(await store.shards(dataset.id, 'test'))];
    expect(shards.reduce((n, s) => n + s.pixels.byteLength, 0)).toBe(100 * 784);
    for (const shard of shards) {
      shard.paths.forEach((path, i) => {
        const index = Number(path.slice(-7, -4));
        const digit = digits[index] as { label: number; pixels: Uint8Array };
        expect(shard.labels[i]).toBe(digit.label);
        expect(shard.pixels.subarray(i * 784, (i + 1) * 784)).toEqual(digit.pixels);
      });
    }
  });

  it('gives the same id to the same files in any order, and stores nothing new the second time', async () => {
    const store = await freshStore();
    const first = await ingest(classFolders(), store);
    const second = await ingest(classFolders().reverse(), store);
    expect(second).toMatchObject({ existed: true, datasetId: first.datasetId });
    expect(await store.list()).toHaveLength(1);
    const changed = classFolders();
    changed[0] = { path: changed[0]!.path, file: new Blob([png((digits[1] as { pixels: Uint8Array }).pixels)]) };
    expect((await ingest(changed, store)).datasetId).not.toBe(first.datasetId);
  });

  it('skips bad files with their reasons and keeps every good image', async () => {
    const store = await freshStore();
    const good = png((digits[0] as { pixels: Uint8Array }).pixels);
    const files = [
      ...classFolders(),
      { path: 'digits/3/empty.png', file: new Blob([]) },
      { path: 'digits/3/page.png', file: new Blob(['<html>not an image</html>']) },
      { path: 'digits/4/cut.png', file: new Blob([good.subarray(0, 20)]) },
      { path: 'digits/4/notes.txt', file: new Blob(['hello']) },
    ];
    const { dataset } = await ingest(files, store);
    expect(dataset.report.images).toBe(100);
    expect(dataset.report.skipped).toEqual([
      { path: 'digits/3/empty.png', reason: 'empty file (0 bytes)' },
      { path: 'digits/3/page.png', reason: 'not a PNG, JPEG, GIF, BMP or WebP image (starts with 3C 68 74 6D)' },
      { path: 'digits/4/cut.png', reason: 'truncated PNG (no image header)' },
      { path: 'digits/4/notes.txt', reason: 'not an image file (.txt)' },
    ]);
  });

  it('says in words when the quota is too small, and leaves nothing behind', async () => {
    const store = await freshStore();
    const estimate = async () => ({ usage: 1_000_000, quota: 1_050_000 });
    await expect(ingest(classFolders(), store, { estimate })).rejects.toThrow(
      'digits: not enough storage. This dataset needs about 78.4 kB and the browser allows 50.0 kB more. Nothing was saved: delete a dataset you no longer need, or free disk space, and try again.',
    );
    expect(await store.list()).toEqual([]);
    expect(await store.removeLeftovers()).toEqual({ imports: [], orphans: 0 });
  });

  it('reads and decodes the first batches while the storage estimate is still on its way', async () => {
    const store = await freshStore();
    const source = sourceFromFiles('digits', classFolders());
    const manifest = await readManifest(source, layout);
    // The estimate answers only once the import has asked for files: waiting for it before reading would hang.
    let readsAsked!: () => void;
    const asked = new Promise<void>((resolve) => (readsAsked = resolve));
    const readMany = source.readMany.bind(source);
    source.readMany = (paths) => (readsAsked(), readMany(paths));
    const estimate = async () => (await asked, { usage: 0, quota: 1_000_000_000 });
    const { dataset } = await ingestManifest(source, manifest, options, { store, estimate });
    expect(dataset.report.images).toBe(100);
  });

  it('names an image, not a file left out before, when none of the images could be read', async () => {
    const store = await freshStore();
    const files: PathedFile[] = [
      { path: 'digits/0/a-notes.txt', file: new Blob(['hello']) },
      { path: 'digits/0/b.png', file: new Blob(['<html>not an image</html>']) },
      { path: 'digits/1/c.png', file: new Blob([]) },
    ];
    await expect(ingest(files, store)).rejects.toThrow('digits: none of the 2 images could be read. First problem: digits/0/b.png: not a PNG');
    expect(await store.list()).toEqual([]);
  });

  it('stops when cancelled, and stores nothing', async () => {
    const store = await freshStore();
    await expect(ingest(classFolders(), store, { isCancelled: () => true })).rejects.toThrow('Import cancelled');
    expect(await store.list()).toEqual([]);
    expect(await store.removeLeftovers()).toEqual({ imports: [], orphans: 0 });
  });

  it('warns about a single class, a class missing from the test split and heavy imbalance', async () => {
    const store = await freshStore();
    const files = classFolders().filter((f) => f.path.startsWith('digits/0/'));
    const { dataset } = await ingest(files, store);
    expect(dataset.report.warnings).toEqual(['only one class ("0"): a classifier needs at least two']);
    const pixelsOf = (i: number) => (digits[i] as { pixels: Uint8Array }).pixels;
    const imbalanced = [
      ...digits.map((_, i) => ({ path: `digits/0/${i}.png`, file: new Blob([png(pixelsOf(i))]) })),
      { path: 'digits/1/a.png', file: new Blob([png(pixelsOf(1))]) },
      { path: 'digits/1/b.png', file: new Blob([png(pixelsOf(11))]) },
      { path: 'digits/2/a.png', file: new Blob([png(pixelsOf(2))]) },
    ];
    const second = await ingest(imbalanced, store);
    expect(second.dataset.report.warnings).toEqual([
      'class "2" is missing from the test split',
      'heavy class imbalance in train: "0" has 80 images, "1" only 1',
    ]);
  });

  it('writes pixels to the file store where there is one, visible only through the finished dataset', async () => {
    const db = await openTrainyardDB(`ingest-test-${dbCount++}`);
    const files = new MemoryShards();
    const store = new DatasetStore(db, files);
    const { dataset } = await ingest(classFolders(), store);
    expect(dataset.shardLayout).toEqual({ key: expect.any(String), store: 'opfs', counts: { train: [80], test: [20] } });
    expect(await files.keys()).toEqual([dataset.shardLayout?.key]);
    expect(await db.getAll('shards')).toEqual([]);
    expect(await db.getAll('pendingImports')).toEqual([]);
    expect((await store.readShard(dataset, 'test', 0)).count).toBe(20);
    // The same content again: found, and the second copy's shards removed.
    expect(await ingest(classFolders().reverse(), store)).toMatchObject({ existed: true, datasetId: dataset.id });
    expect(await files.keys()).toEqual([dataset.shardLayout?.key]);
  });

  it('leaves no dataset, pending import or shard when a write runs out of quota', async () => {
    const db = await openTrainyardDB(`ingest-test-${dbCount++}`);
    const files = new MemoryShards();
    files.room = 70_000;
    const store = new DatasetStore(db, files);
    await expect(ingest(classFolders(), store)).rejects.toThrow('digits: not enough storage. This dataset needs about 78.4 kB and the browser refused to store more.');
    expect(await store.list()).toEqual([]);
    expect(files.shards.size).toBe(0);
    expect(await db.getAll('pendingImports')).toEqual([]);
  });
});
