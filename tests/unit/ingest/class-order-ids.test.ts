// Class order and dataset ids: a CSV's word labels keep their order through import and a dataset zip, and a
// dataset stored with the earlier (alphabetical) order is found again instead of being stored twice.
import 'fake-indexeddb/auto';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { earlierClassOrder } from '../../../src/core/class-order';
import { datasetZip } from '../../../src/export/dataset-zip';
import { ingestManifest, type IngestOptions } from '../../../src/ingest/ingest';
import { readManifest } from '../../../src/ingest/scan';
import { sourceFromFiles, sourceFromZip, type FileSource, type PathedFile } from '../../../src/ingest/sources';
import { DatasetStore } from '../../../src/storage/datasets';
import { openTrainyardDB } from '../../../src/storage/db';
import { loadDigits } from '../../support/digits';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const digits = loadDigits(4); // 40 real digits, 4 per class
const png = (pixels: Uint8Array) => new Uint8Array(encode({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 }));
const options: IngestOptions = { size: { width: 28, height: 28 }, policy: 'letterbox', name: 'words' };
const layout = { testRatio: 0.2, seed: 42 };
let dbCount = 0;
const freshStore = async () => new DatasetStore(await openTrainyardDB(`class-order-test-${dbCount++}`));

/** train/ and test/ with a groundtruth.csv naming digits by word, rows in the digits' own (mixed) order. */
function wordCsvFolder(): PathedFile[] {
  const files: PathedFile[] = [];
  const rows = { train: ['path,label'], test: ['path,label'] };
  digits.forEach((d, i) => {
    const split = i % 4 === 3 ? 'test' : 'train';
    const name = `${String(i).padStart(3, '0')}.png`;
    files.push({ path: `words/${split}/${name}`, file: new Blob([png(d.pixels)]) });
    rows[split].push(`${name},${WORDS[d.label]}`);
  });
  for (const split of ['train', 'test'] as const) files.push({ path: `words/${split}/groundtruth.csv`, file: new Blob([rows[split].join('\n')]) });
  return files;
}

async function ingest(source: FileSource, store: DatasetStore, reorder?: (classes: string[]) => string[]) {
  const manifest = await readManifest(source, layout);
  return ingestManifest(source, reorder ? { ...manifest, classes: reorder(manifest.classes) } : manifest, options, { store });
}

/** The order the training rows first use the labels in. */
function firstUse(files: PathedFile[]): Promise<string[]> {
  const csv = files.find((f) => f.path === 'words/train/groundtruth.csv') as PathedFile;
  return csv.file.text().then((text) => [...new Set(text.trim().split('\n').slice(1).map((row) => row.split(',')[1] as string))]);
}

describe('class order and dataset ids', () => {
  it('keeps the CSV\'s order of first use, and a dataset zip imports back with the same order and id', async () => {
    const store = await freshStore();
    const files = wordCsvFolder();
    const { dataset } = await ingest(sourceFromFiles('words', files), store);
    expect(dataset.classes).toEqual(await firstUse(files));
    expect(dataset.classes).not.toEqual(earlierClassOrder(dataset.classes));

    const zip = await datasetZip(dataset, (split) => store.shards(dataset.id, split));
    const again = await ingest(await sourceFromZip('words.zip', await zip.arrayBuffer()), await freshStore());
    expect(again.dataset.classes).toEqual(dataset.classes);
    expect(again.datasetId).toBe(dataset.id);
  });

  it('keeps folders\' natural order (class2 before class10) through a dataset zip, whose CSV rows follow the classes', async () => {
    const store = await freshStore();
    const files = digits.map((d, i) => ({ path: `digits/class${d.label + 1}/${String(i).padStart(3, '0')}.png`, file: new Blob([png(d.pixels)]) }));
    const { dataset } = await ingest(sourceFromFiles('digits', files), store);
    expect(dataset.classes).toEqual(WORDS.map((_, i) => `class${i + 1}`));
    const zip = await datasetZip(dataset, (split) => store.shards(dataset.id, split));
    const again = await ingest(await sourceFromZip('digits.zip', await zip.arrayBuffer()), await freshStore());
    expect(again.dataset.classes).toEqual(dataset.classes);
    expect(again.datasetId).toBe(dataset.id);
  });

  it('finds a dataset stored with the earlier alphabetical order instead of storing it twice', async () => {
    const store = await freshStore();
    const files = wordCsvFolder();
    // What the earlier version stored: the same images with its classes sorted alphabetically.
    const earlier = await ingest(sourceFromFiles('words', files), store, earlierClassOrder);
    expect(earlier.dataset.classes).toEqual([...WORDS].sort((a, b) => a.localeCompare(b)));
    const now = await ingest(sourceFromFiles('words', files), store);
    expect(now).toMatchObject({ existed: true, datasetId: earlier.datasetId });
    expect(now.dataset.classes).toEqual(earlier.dataset.classes);
    expect(await store.list()).toHaveLength(1);
  });

  it('keeps the id of a dataset whose order was already natural (digits as numbers)', async () => {
    const store = await freshStore();
    const files: PathedFile[] = digits.map((d, i) => ({ path: `digits/${d.label}/${String(i).padStart(3, '0')}.png`, file: new Blob([png(d.pixels)]) }));
    const asBefore = await ingest(sourceFromFiles('digits', files), store, earlierClassOrder);
    const now = await ingest(sourceFromFiles('digits', files), await freshStore());
    expect(now.dataset.classes).toEqual(asBefore.dataset.classes);
    expect(now.datasetId).toBe(asBefore.datasetId);
  });
});
