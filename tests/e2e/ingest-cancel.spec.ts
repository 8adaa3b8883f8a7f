import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readStore } from './ingest-support';
import { readShards, shardFolders } from './support';

const zip = join('tests/fixtures', 'digits-b.zip');

test('a cancelled import says so and leaves nothing stored', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('zip-input').setInputFiles(zip);
  // 10,000 small digits import in about a second: press Cancel in the page the moment it shows, not after a
  // round trip to the test (the progress block re-renders on every update).
  const cancelled = page.waitForFunction(() => {
    const cancel = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="import-progress"] button')].find((b) => b.textContent === 'Cancel import');
    cancel?.click();
    return !!cancel;
  }, null, { polling: 'raf' });
  await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click();
  await cancelled;
  await expect(page.getByTestId('import-error')).toHaveText('digits-b: import cancelled; nothing was saved.');
  expect(await readStore(page, 'datasets')).toEqual([]);
  expect(await readShards(page)).toEqual([]);
  expect(await shardFolders(page)).toEqual([]);
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
  expect(await readShards(again)).toEqual([]);
  expect(await shardFolders(again)).toEqual([]);
});
