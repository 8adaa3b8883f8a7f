import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dropPaths, importFromPreview, readStore, type StoredDataset } from './ingest-support';
import { readShards } from './support';

/** The real small-a digits with bad files mixed in, each a problem a real folder has. */
function badFolder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-')), 'bad-digits');
  cpSync('tests/fixtures/small-a', dir, { recursive: true });
  const png = readFileSync(join(dir, 'train/000001.png'));
  writeFileSync(join(dir, 'train/000001.png'), png.subarray(0, Math.floor(png.length / 2)));
  writeFileSync(join(dir, 'train/000002.png'), '<!DOCTYPE html><html><body>Not found</body></html>\n');
  writeFileSync(join(dir, 'train/000003.png'), '');
  appendFileSync(join(dir, 'train/groundtruth.csv'), 'broken-row-without-label\ndata/raw_dataset/train/999999.png,4\ndata/raw_dataset/train/000005.png,5\n');
  cpSync(join(dir, 'test/000040.png'), join(dir, 'test/extra.png'));
  appendFileSync(join(dir, 'test/groundtruth.csv'), 'test/extra.png,cat\n');
  // System files: skipped without a word.
  writeFileSync(join(dir, 'train/.DS_Store'), 'junk');
  writeFileSync(join(dir, 'Thumbs.db'), 'junk');
  mkdirSync(join(dir, '__MACOSX/train'), { recursive: true });
  writeFileSync(join(dir, '__MACOSX/train/._000004.png'), 'junk');
  return dir;
}

for (const how of ['picked with the directory input', 'dropped (read in the worker through its handle)'] as const) {
  test(`bad files are reported one by one with their reasons, and every good image is imported: folder ${how}`, async ({ page }) => {
    const dir = badFolder();
    await page.goto('/');
    if (how.startsWith('dropped')) await dropPaths(page, [dir]);
    else await page.getByTestId('folder-input').setInputFiles(dir);
    // The preview read every image's first bytes: its counts are the import's, and the bad files are already listed.
    const preview = page.getByTestId('import-preview');
    await expect(preview.getByTestId('preview-count-train')).toHaveText('797');
    await expect(preview.getByTestId('preview-count-test')).toHaveText('200');
    await expect(preview.getByTestId('preview-images')).toHaveText('997 images');
    await expect(preview.getByTestId('preview-unchecked')).toHaveCount(0);
    await expect(preview.getByRole('button', { name: 'Import 997 images' })).toBeVisible();
    await preview.getByText('Files already left out (7)').click();
    await expect(preview.getByText('bad-digits/train/000003.png: empty file (0 bytes)')).toBeVisible();
    await importFromPreview(page, 'bad-digits', 'csv');

    const [dataset] = await readStore<StoredDataset>(page, 'datasets');
    expect(dataset?.report.skipped).toEqual([
      { path: 'bad-digits/test/extra.png', reason: 'label "cat" not found: no training image has it' },
      { path: 'bad-digits/train/000001.png', reason: 'truncated PNG: the file ends before its image data is complete' },
      { path: 'bad-digits/train/000002.png', reason: 'not a PNG, JPEG, GIF, BMP or WebP image (starts with 3C 21 44 4F)' },
      { path: 'bad-digits/train/000003.png', reason: 'empty file (0 bytes)' },
      { path: 'bad-digits/train/groundtruth.csv:801', reason: 'row does not parse: expected "path,label" but found 1 field' },
      { path: 'bad-digits/train/groundtruth.csv:802', reason: 'names a missing file: "data/raw_dataset/train/999999.png" is not in bad-digits/train/' },
      { path: 'bad-digits/train/groundtruth.csv:803', reason: 'image listed twice: bad-digits/train/000005.png is already on line 6' },
    ]);
    expect(dataset?.report.images).toBe(997);
    expect(dataset?.counts.train?.total).toBe(797);
    expect(dataset?.counts.test?.total).toBe(200);
    expect(dataset?.report.warnings).toEqual([]);

    const bad = new Set(['train/000001.png', 'train/000002.png', 'train/000003.png', 'test/extra.png']);
    const good = ['train', 'test'].flatMap((split) => readdirSync(join(dir, split)).filter((n) => n.endsWith('.png')).map((n) => `${split}/${n}`)).filter((p) => !bad.has(p));
    const shards = await readShards(page);
    const stored = shards.flatMap((s) => s.paths).map((p) => p.replace('bad-digits/', '')).sort();
    expect(stored).toEqual(good.sort());
    expect(shards.reduce((n, s) => n + s.pixels.length, 0)).toBe(997 * 28 * 28);

    // The card says files were skipped; the dataset view lists each with its reason.
    const card = page.getByTestId('dataset-card');
    await expect(card.getByTestId('dataset-skipped')).toHaveText('⚠ 7 files skipped');
    await card.getByRole('button', { name: 'Show dataset bad-digits' }).click();
    const view = page.getByTestId('dataset-view');
    await view.getByText('7 files not ingested').click();
    await expect(view.getByTestId('skipped-file')).toHaveCount(7);
    await expect(view.getByTestId('skipped-file').nth(3)).toHaveText('bad-digits/train/000003.png: empty file (0 bytes)');
  });
}
