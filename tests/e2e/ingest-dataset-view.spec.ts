import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { importFromPreview, readStore } from './ingest-support';
import { readShards, shardFolders } from './support';

test('the dataset view shows histograms per split and real sample pixels per class, and deletes the dataset with its runs', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('zip-input').setInputFiles(join('tests/fixtures', 'small-b.zip'));
  await importFromPreview(page, 'small-b', 'class-folders');
  await page.getByRole('button', { name: 'Show dataset small-b' }).click();
  const view = page.getByTestId('dataset-view');
  await expect(view.getByRole('figure', { name: 'train: 800 images' })).toBeVisible();
  await expect(view.getByRole('figure', { name: 'test: 200 images' })).toBeVisible();
  await expect(view.getByRole('img', { name: /^train: 800 images: 0 80, 1 80,/ })).toBeVisible();
  await expect(view.getByTestId('sample-canvas')).toHaveCount(10);

  // The first sample of class 3 on the canvas is the first class-3 image of the stored shard, pixel for pixel.
  const drawn = await view.getByTestId('sample-canvas').nth(3).evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')?.getImageData(0, 0, 28, 28).data ?? new Uint8ClampedArray();
    return Array.from({ length: 28 * 28 }, (_, i) => data[i * 4] ?? -1);
  });
  const shards = await readShards(page);
  const train = shards.find((s) => s.split === 'train' && s.index === 0);
  const first3 = Array.from(train?.labels ?? []).indexOf(3);
  expect(drawn).toEqual(Array.from(train?.pixels.subarray(first3 * 784, (first3 + 1) * 784) ?? []));
  expect(drawn.some((v) => v > 0)).toBe(true);

  const runs = await readStore<{ datasetId: string }>(page, 'runs');
  expect(runs.length).toBeGreaterThan(0);
  await view.getByRole('button', { name: 'Delete dataset…' }).click();
  await expect(view.getByRole('alert')).toContainText(`Delete “small-b” and its ${runs.length} run`);
  await view.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByTestId('dataset-card')).toHaveCount(0);
  await expect(page.getByTestId('dataset-view')).toHaveCount(0);
  expect(await readStore(page, 'datasets')).toEqual([]);
  expect(await readShards(page)).toEqual([]);
  expect(await shardFolders(page)).toEqual([]);
  await expect.poll(async () => (await readStore(page, 'runs')).length).toBe(0);
});
