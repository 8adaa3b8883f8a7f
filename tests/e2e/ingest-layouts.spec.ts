import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { expect, test } from '@playwright/test';
import { importFromPreview, readStore, type StoredDataset } from './ingest-support';

const fixtures = 'tests/fixtures';
const digitClasses = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Layout b (class folders) regrouped under train/ and test/: every fifth image of each class to test. */
function classSplitFolder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-')), 'split-digits');
  for (const label of digitClasses) {
    readdirSync(join(fixtures, 'small-b', label)).sort().forEach((name, i) => {
      const split = i % 5 === 4 ? 'test' : 'train';
      mkdirSync(join(dir, split, label), { recursive: true });
      writeFileSync(join(dir, split, label, name), readFileSync(join(fixtures, 'small-b', label, name)));
    });
  }
  return dir;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Choose folder' })).toBeEnabled();
});

test('a train/test folder with groundtruth.csv imports through the directory input, and its zip is recognised as the same dataset', async ({ page }) => {
  await page.getByTestId('folder-input').setInputFiles(join(fixtures, 'small-a'));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('preview-count-train')).toHaveText('800');
  await expect(preview.getByTestId('preview-count-test')).toHaveText('200');
  expect(await importFromPreview(page, 'small-a', 'csv')).toContain('1,000 images imported');

  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.shape).toEqual([28, 28, 1]);
  expect(dataset?.classes).toEqual(digitClasses);
  expect(dataset?.counts.train?.total).toBe(800);
  expect(dataset?.counts.test?.total).toBe(200);
  expect(dataset?.counts.test?.perClass).toEqual(digitClasses.map(() => 20));
  expect(dataset?.report.skipped).toEqual([]);
  const card = page.getByTestId('dataset-card');
  await expect(card.getByTestId('dataset-images')).toHaveText('1,000');
  await expect(card.getByTestId('dataset-shape')).toHaveText('28×28, gray');
  await expect(card.getByTestId('dataset-classes')).toHaveText('10');

  await page.getByTestId('zip-input').setInputFiles(join(fixtures, 'small-a.zip'));
  expect(await importFromPreview(page, 'small-a', 'csv')).toContain('already stored as "small-a"');
  expect(await readStore(page, 'datasets')).toHaveLength(1);
});

test('class folders without a split are split by the seed shown, and the split is kept with the dataset', async ({ page }) => {
  await page.getByTestId('folder-input').setInputFiles(join(fixtures, 'small-b'));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('preview-count-test')).toHaveText('200');
  await preview.getByLabel('Test share (%)').fill('30');
  await preview.getByLabel('Seed').fill('7');
  await preview.getByRole('button', { name: 'Apply split' }).click();
  await expect(preview.getByTestId('preview-count-test')).toHaveText('300');
  await expect(preview.getByTestId('preview-count-train')).toHaveText('700');
  await importFromPreview(page, 'small-b', 'class-folders');

  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.split).toEqual({ testRatio: 0.3, seed: 7 });
  expect(dataset?.layout).toBe('class-folders');
  expect(dataset?.classes).toEqual(digitClasses);
  expect(dataset?.counts.test?.perClass).toEqual(digitClasses.map(() => 30));
  expect(dataset?.shape).toEqual([28, 28, 1]);
});

test('train/ and test/ with one folder per class import with their own split, from a folder and from its zip', async ({ page }) => {
  const dir = classSplitFolder();
  await page.getByTestId('folder-input').setInputFiles(dir);
  await importFromPreview(page, 'split-digits', 'class-split');
  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.classes).toEqual(digitClasses);
  expect(dataset?.counts.train?.total).toBe(800);
  expect(dataset?.counts.test?.perClass).toEqual(digitClasses.map(() => 20));
  expect(dataset?.split).toBeUndefined();

  const zip = new JSZip();
  for (const split of ['train', 'test']) {
    for (const label of readdirSync(join(dir, split))) {
      for (const name of readdirSync(join(dir, split, label))) zip.file(`split-digits/${split}/${label}/${name}`, readFileSync(join(dir, split, label, name)));
    }
  }
  const zipPath = join(dir, '..', 'split-digits.zip');
  writeFileSync(zipPath, await zip.generateAsync({ type: 'uint8array' }));
  await page.getByTestId('zip-input').setInputFiles(zipPath);
  expect(await importFromPreview(page, 'split-digits', 'class-split')).toContain('already stored as "split-digits"');
});
