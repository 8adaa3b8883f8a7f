// Class order, the same everywhere: a CSV's word labels in the order its rows first use them (not alphabetical),
// numbers counting up (2 before 10), folder names in natural order (class2 before class10): in the preview, the
// stored dataset, the dataset view and the trained run's confusion matrix and class table.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { importFromPreview, readStore, type StoredDataset } from './ingest-support';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** The order the training CSV's rows first use the labels in: far from alphabetical (eight, five, four, …). */
const FIRST_USE = ['seven', 'two', 'nine', 'zero', 'eight', 'one', 'six', 'three', 'five', 'four'];

/** small-a with its digits renamed to words, the first row of each class moved so they appear as FIRST_USE. */
function wordFolder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-order-')), 'word-digits');
  cpSync('tests/fixtures/small-a', dir, { recursive: true });
  for (const split of ['train', 'test']) {
    const csv = join(dir, split, 'groundtruth.csv');
    const rows = readFileSync(csv, 'utf8').trim().split(/\r?\n/).map((line) => {
      const [path, label] = line.split(',');
      return `${path},${WORDS[Number(label)]}`;
    });
    const word = (row: string) => row.slice(row.lastIndexOf(',') + 1);
    const firsts = rows.slice(0, 10).sort((a, b) => FIRST_USE.indexOf(word(a)) - FIRST_USE.indexOf(word(b)));
    writeFileSync(csv, [...firsts, ...rows.slice(10)].join('\n') + '\n');
  }
  return dir;
}

/** Two CSV labels, 10 used first, then 2; and class folders class10, class2 and class1. */
function numberFolders(): { csv: string; folders: string } {
  const root = mkdtempSync(join(tmpdir(), 'trainyard-order-'));
  const csv = join(root, 'numbers');
  const folders = join(root, 'numbered');
  for (const split of ['train', 'test']) {
    mkdirSync(join(csv, split), { recursive: true });
    const names = readdirSync(join('tests/fixtures/small-a', split)).filter((n) => n.endsWith('.png')).sort().slice(0, 8);
    names.forEach((name) => cpSync(join('tests/fixtures/small-a', split, name), join(csv, split, name)));
    writeFileSync(join(csv, split, 'groundtruth.csv'), names.map((name, i) => `${name},${i % 2 === 0 ? '10' : '2'}`).join('\n') + '\n');
  }
  const images = readdirSync('tests/fixtures/small-a/train').filter((n) => n.endsWith('.png')).sort();
  ['class10', 'class2', 'class1'].forEach((folder, k) => {
    mkdirSync(join(folders, folder), { recursive: true });
    for (const name of images.slice(k * 5, k * 5 + 5)) cpSync(join('tests/fixtures/small-a/train', name), join(folders, folder, name));
  });
  return { csv, folders };
}

/** The class names a dataset view's first histogram lists, top to bottom. */
const histogramClasses = (view: Locator) => view.locator('figure').first().locator('svg text title').allTextContents();

test('a CSV\'s word labels keep the order its rows first use them: preview, dataset, dataset view, confusion matrix and class table', async ({ page }) => {
  test.setTimeout(480_000);
  await page.goto('/');
  await page.getByTestId('folder-input').setInputFiles(wordFolder());
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('preview-class')).toHaveText(FIRST_USE);
  await importFromPreview(page, 'word-digits', 'csv');
  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.classes).toEqual(FIRST_USE);
  // Each class's count sits at its own index: class "seven" (digit 7) has small-a's 80 sevens.
  expect(dataset?.counts.train?.perClass).toEqual(FIRST_USE.map(() => 80));

  await page.getByRole('button', { name: 'Show dataset word-digits' }).click();
  expect(await histogramClasses(page.getByTestId('dataset-view'))).toEqual(FIRST_USE);

  const run = page.getByTestId('run').first();
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 360_000 });
  await run.getByRole('button', { name: /Show the report/ }).click();
  const report = page.getByTestId('run-report');
  const table = report.getByTestId('confusion-table');
  await expect(table).toHaveAttribute('data-total', '200', { timeout: 60_000 });
  expect(await table.locator('thead th[title]').evaluateAll((cells) => cells.map((c) => c.getAttribute('title')))).toEqual(FIRST_USE);
  await expect(table.locator('tbody th[scope=row]')).toHaveText(FIRST_USE);
  await expect(report.getByTestId('class-table').locator('tbody th')).toHaveText(FIRST_USE);
});

test('numbers count up (2 before 10) whatever order a CSV uses them in, and folders read naturally (class2 before class10)', async ({ page }) => {
  const { csv, folders } = numberFolders();
  await page.goto('/');
  await page.getByTestId('folder-input').setInputFiles(csv);
  await expect(page.getByTestId('import-preview').getByTestId('preview-class')).toHaveText(['2', '10']);
  await importFromPreview(page, 'numbers', 'csv');
  await page.getByTestId('folder-input').setInputFiles(folders);
  await expect(page.getByTestId('import-preview').getByTestId('preview-class')).toHaveText(['class1', 'class2', 'class10']);
  await importFromPreview(page, 'numbered', 'class-folders');

  const stored = new Map((await readStore<StoredDataset>(page, 'datasets')).map((d) => [d.name, d.classes]));
  expect(stored.get('numbers')).toEqual(['2', '10']);
  expect(stored.get('numbered')).toEqual(['class1', 'class2', 'class10']);
  await page.getByRole('button', { name: 'Show dataset numbered' }).click();
  expect(await histogramClasses(page.getByTestId('dataset-view'))).toEqual(['class1', 'class2', 'class10']);
});
