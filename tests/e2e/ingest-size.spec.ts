// The import preview decides the target size from the images' sizes and says why, written width × height.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { expect, test } from '@playwright/test';
import { loadDigits } from '../support/digits';
import { importFromPreview, readStore, type StoredDataset } from './ingest-support';

const digits = loadDigits(2);

/** A real digit stretched (nearest pixel) to width × height, as a gray PNG. */
function digitPng(index: number, width: number, height: number): Uint8Array {
  const { pixels } = digits[index] as { pixels: Uint8Array };
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data[y * width + x] = pixels[Math.floor((y * 28) / height) * 28 + Math.floor((x * 28) / width)] as number;
  }
  return encode({ width, height, data, channels: 1, depth: 8 });
}

test('a mostly landscape folder of all-different sizes gets a landscape size, with the reason, read width × height', async ({ page }) => {
  // Eight landscape images and two portrait ones (one of them 51×64), no two of the same size.
  const landscape = [[96, 64], [120, 90], [84, 60], [100, 70], [140, 100], [110, 80], [90, 66], [130, 96]];
  const portrait = [[51, 64], [60, 90]];
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-')), 'mixed-sizes');
  [...landscape, ...portrait].forEach(([width, height], i) => {
    const label = i % 2 === 0 ? 'zero' : 'one';
    mkdirSync(join(dir, label), { recursive: true });
    writeFileSync(join(dir, label, `${i}.png`), digitPng(i % 2, width as number, height as number));
  });

  await page.goto('/');
  await page.getByTestId('folder-input').setInputFiles(dir);
  const preview = page.getByTestId('import-preview');
  // Landscape medians 105×75 (widths 84…140, heights 60…100), scaled to a longest side of 64.
  await expect(preview.getByTestId('preview-size-reason')).toHaveText('Most images are landscape (80 %); median 105×75, scaled to 64×46 (longest side at most 64).');
  await expect(preview.getByTestId('preview-size')).toHaveText('64×46');
  const fields = preview.getByRole('spinbutton', { name: /^(Width|Height)$/ });
  await expect(fields).toHaveCount(2);
  await expect(fields.nth(0)).toHaveAccessibleName('Width');
  await expect(fields.nth(0)).toHaveValue('64');
  await expect(fields.nth(1)).toHaveValue('46');

  await importFromPreview(page, 'mixed-sizes', 'class-folders');
  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.shape).toEqual([46, 64, 1]);
  await expect(page.getByTestId('dataset-card').getByTestId('dataset-shape')).toHaveText('64×46, gray');
});
