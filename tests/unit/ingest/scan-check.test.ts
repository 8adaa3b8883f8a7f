// The preview reads the images' first bytes, so its count is the import's: files that are not images leave the
// count (and join the files left out) before the user reads it; in a folder too big to read first, the preview
// says how many images were not checked.
import 'fake-indexeddb/auto';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { ingestManifest, type IngestOptions } from '../../../src/ingest/ingest';
import { lookAtImages, previewOf, readManifest, withoutBadImages } from '../../../src/ingest/scan';
import { sourceFromFiles, type PathedFile } from '../../../src/ingest/sources';
import { DatasetStore } from '../../../src/storage/datasets';
import { openTrainyardDB } from '../../../src/storage/db';
import { loadDigits } from '../../support/digits';

const digits = loadDigits(10); // 100 real digits, 10 per class
const png = (pixels: Uint8Array) => new Uint8Array(encode({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 }));
const options: IngestOptions = { size: { width: 28, height: 28 }, policy: 'letterbox', name: 'digits' };
const layout = { testRatio: 0.2, seed: 42 };
let dbCount = 0;
const freshStore = async () => new DatasetStore(await openTrainyardDB(`scan-check-test-${dbCount++}`));

/** 100 good digits in class folders, and three files named .png that are not images (one of them class 3's). */
function folderWithBadFiles(): PathedFile[] {
  const good = digits.map((d, i) => ({ path: `digits/${d.label}/${String(i).padStart(3, '0')}.png`, file: new Blob([png(d.pixels)]) }));
  const whole = png((digits[0] as { pixels: Uint8Array }).pixels);
  return [
    ...good,
    { path: 'digits/3/empty.png', file: new Blob([]) },
    { path: 'digits/3/page.png', file: new Blob(['<!DOCTYPE html><html><body>Not found</body></html>']) },
    { path: 'digits/4/half.png', file: new Blob([whole.subarray(0, Math.floor(whole.length / 2))]) },
  ];
}

describe('the preview\'s count', () => {
  it('is the imported count: every image of a small folder is checked, and the bad ones are listed with their reasons', async () => {
    const source = sourceFromFiles('digits', folderWithBadFiles());
    const found = await readManifest(source, layout);
    expect(found.items).toHaveLength(103);
    const look = await lookAtImages(source, found);
    expect(look.checked).toBe(103);
    const manifest = withoutBadImages(found, look.bad);
    const preview = previewOf(source, manifest, look, 64);
    expect(preview.images).toBe(100);
    expect(preview.unchecked).toBe(0);
    expect(preview.skipped).toEqual([
      { path: 'digits/3/empty.png', reason: 'empty file (0 bytes)' },
      { path: 'digits/3/page.png', reason: 'not a PNG, JPEG, GIF, BMP or WebP image (starts with 3C 21 44 4F)' },
      { path: 'digits/4/half.png', reason: 'truncated PNG: the file ends before its image data is complete' },
    ]);
    const perClass = (counts: Record<string, number[]>) => (counts.train ?? []).map((n, i) => n + (counts.test?.[i] ?? 0));
    expect(perClass(preview.counts)).toEqual(Array(10).fill(10));

    const { dataset } = await ingestManifest(source, manifest, options, { store: await freshStore() });
    expect(dataset.report.images).toBe(preview.images);
    expect(dataset.counts.train?.perClass).toEqual(preview.counts.train);
    expect(dataset.counts.test?.perClass).toEqual(preview.counts.test);
    expect(dataset.report.skipped).toEqual(preview.skipped);
  });

  it('leaves the dataset and its id as the import made them before the preview checked the bytes', async () => {
    const source = sourceFromFiles('digits', folderWithBadFiles());
    const found = await readManifest(source, layout);
    const unchecked = await ingestManifest(source, found, options, { store: await freshStore() });
    const look = await lookAtImages(source, found);
    const checked = await ingestManifest(source, withoutBadImages(found, look.bad), options, { store: await freshStore() });
    expect(checked.datasetId).toBe(unchecked.datasetId);
    expect(checked.dataset.report.skipped.map((s) => s.path)).toEqual(unchecked.dataset.report.skipped.map((s) => s.path));
  });

  it('is a ceiling in a folder too big to read first: only the sample is checked, and the rest are counted as unchecked', async () => {
    const source = sourceFromFiles('digits', folderWithBadFiles());
    const found = await readManifest(source, layout);
    const look = await lookAtImages(source, found, { sample: 20, checkAll: 50, bytes: 1 << 30 });
    expect(look.checked).toBe(20);
    const preview = previewOf(source, withoutBadImages(found, look.bad), look, 64);
    expect(preview.unchecked).toBe(103 - 20);
    expect(preview.images).toBe(103 - look.bad.size);
    expect(preview.sampled).toBe(20 - look.bad.size);
  });

  it('stops reading past its byte budget, the sample always read in full', async () => {
    const source = sourceFromFiles('digits', folderWithBadFiles());
    const found = await readManifest(source, layout);
    const look = await lookAtImages(source, found, { sample: 10, checkAll: 1000, bytes: 1 });
    expect(look.checked).toBe(10);
    expect(look.sizes).toEqual([{ width: 28, height: 28, count: 10 - look.bad.size, grey: 10 - look.bad.size }]);
  });
});
