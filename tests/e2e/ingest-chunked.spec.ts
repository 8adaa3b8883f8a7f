// Chunked ingest in the browser: an import cut off by a reload leaves no dataset and no shard once the app
// starts again, and says what it removed; a quota too small for the import stops it with the numbers and leaves
// nothing behind.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readStore } from './ingest-support';
import { pendingImages, readShards, shardFolders } from './support';

const zip = join('tests/fixtures', 'digits-b.zip');

async function nothingLeft(page: Page): Promise<void> {
  expect(await readStore(page, 'datasets')).toEqual([]);
  expect(await readStore(page, 'pendingImports')).toEqual([]);
  expect(await readShards(page)).toEqual([]);
  expect(await shardFolders(page)).toEqual([]);
}

test('a reload in the middle of an import leaves no dataset and no shards after the next start, and says what it removed', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('zip-input').setInputFiles(zip);
  const preview = page.getByTestId('import-preview');
  // 96×96 goes through the browser's resize (slower than the 28×28 fast path) and fills a shard every 455
  // images: the import is still running when shards are on disk.
  await preview.getByLabel('Width').fill('96');
  await preview.getByLabel('Height').fill('96');
  await preview.getByRole('button', { name: /^Import / }).click();
  await expect.poll(() => pendingImages(page), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);
  const written = await pendingImages(page);
  expect(await shardFolders(page)).toHaveLength(1);
  await page.reload();

  await expect(page.getByTestId('import-notice')).toContainText('Removed an unfinished import of "digits-b":');
  await expect(page.getByTestId('import-notice')).toContainText('left by a tab that was closed or crashed.');
  const told = await page.getByTestId('import-notice').innerText();
  expect(Number(/: ([\d,]+) images/.exec(told)?.[1]?.replace(/,/g, ''))).toBeGreaterThanOrEqual(written);
  await expect(page.getByText('No datasets yet.')).toBeVisible();
  await nothingLeft(page);
});

test('a quota too small for the import stops it with the numbers and leaves nothing behind', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 3 * 1024 * 1024 });
  await page.getByTestId('zip-input').setInputFiles(zip);
  await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click();
  // Chromium's estimate() does not see the override (it still says gigabytes free), so the import starts and
  // its first shard file (4 MB of digits) is refused.
  await expect(page.getByTestId('import-error')).toContainText(
    /^digits-b: not enough storage\. This dataset needs about [0-9.]+ MB and the browser refused to store more\. Nothing was saved/,
  );
  await nothingLeft(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
  await cdp.detach();
});
