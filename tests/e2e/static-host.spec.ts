// Hosting: the built dist/ works from a plain static host under a sub-path, and the service worker makes
// the page cross-origin isolated there although the host sends no COOP/COEP headers.
import { expect, test } from '@playwright/test';
import { BUILT_IN_BACKBONES } from '../../src/core/built-in-backbones';

test('works from a sub-path of a static host without headers, and becomes cross-origin isolated', async ({ page, baseURL }) => {
  const port = Number(new URL(baseURL as string).port) + 10;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/hosted/trainyard/`);
  await expect(page.getByRole('heading', { name: 'Trainyard' })).toBeVisible();
  // The service worker takes control and the page reloads itself once: poll through that navigation.
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 30_000 }).toBe(true);
  await page.waitForLoadState('load');
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  // The built-in backbones sit beside the app, so their relative paths work under a sub-path too.
  for (const { path } of BUILT_IN_BACKBONES) expect(await page.evaluate(async (p) => (await fetch(p)).status, path)).toBe(200);
  await expect(page.getByTestId('backend')).toBeVisible();
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.getByTestId('dataset-card')).toHaveCount(1, { timeout: 60_000 });
  expect(errors).toEqual([]);
});
