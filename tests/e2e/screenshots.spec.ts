// Screenshots a person can look at (not compared pixel by pixel): the first screen, the import preview, a running
// run and a report, in the light and the dark theme and at a phone's width. Kept in test-results/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import { readFileSync } from 'node:fs';

const DIR = 'test-results/screenshots';

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `${name}.png`);
  await page.screenshot({ path });
  // A real picture of the page: its size, and more than a blank colour in it.
  const png = decode(readFileSync(path));
  const size = page.viewportSize()!;
  expect([png.width, png.height]).toEqual([size.width, size.height]);
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += png.channels * 97) colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
  expect(colours.size).toBeGreaterThan(8);
}

for (const [scheme, width, height] of [['light', 1400, 900], ['dark', 1400, 900], ['light', 390, 844], ['dark', 390, 844]] as const) {
  test(`screenshots of the first minute, ${scheme} theme, ${width} px wide`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await expect(page.getByTestId('next-step')).toBeVisible();
    const tag = `${scheme}-${width}`;
    await shoot(page, `1-first-screen-${tag}`);

    await page.getByTestId('zip-input').setInputFiles('tests/fixtures/small-a.zip');
    await expect(page.getByTestId('import-preview').getByRole('button', { name: /^Import / })).toBeVisible();
    await shoot(page, `2-preview-${tag}`);

    await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click();
    const run = page.getByTestId('run').first();
    await expect(run).toHaveAttribute('data-status', 'running', { timeout: 120_000 });
    if (width < 1000) await page.getByRole('tab', { name: 'Runs' }).click();
    await expect(page.getByTestId('live').or(page.getByTestId('live-features'))).toBeVisible({ timeout: 120_000 });
    await shoot(page, `3-training-${tag}`);

    await expect(run).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
    if (width < 1000) await page.getByRole('tab', { name: 'Report' }).click();
    await expect(page.getByTestId('run-report').getByTestId('analysis-summary')).toBeVisible({ timeout: 60_000 });
    await shoot(page, `4-report-${tag}`);
  });
}
