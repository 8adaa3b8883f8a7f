import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readStore } from './ingest-support';

const zip = join('tests/fixtures', 'digits-b.zip');

test('a cancelled import says so and leaves nothing stored', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('zip-input').setInputFiles(zip);
  await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click();
  const progress = page.getByTestId('import-progress');
  await expect(progress.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(progress).toContainText('files/s');
  await progress.getByRole('button', { name: 'Cancel import' }).click();
  await expect(page.getByTestId('import-error')).toHaveText('digits-b: import cancelled; nothing was saved.');
  expect(await readStore(page, 'datasets')).toEqual([]);
  expect(await readStore(page, 'shards')).toEqual([]);
});

test('closing the tab mid-import leaves no half dataset behind', async ({ page, context }) => {
  await page.goto('/');
  await page.getByTestId('zip-input').setInputFiles(zip);
  await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click();
  await expect(page.getByTestId('import-progress').getByRole('progressbar')).toBeVisible();
  await page.close();
  const again = await context.newPage();
  await again.goto('/');
  await expect(again.getByText('No datasets yet.')).toBeVisible();
  expect(await readStore(again, 'datasets')).toEqual([]);
  expect(await readStore(again, 'shards')).toEqual([]);
});
