// The installable app: after one visit the studio loads and trains with the network off, and no request
// ever leaves the origin.
import { expect, test } from '@playwright/test';

test('after one visit, the studio loads and trains offline; nothing is requested from another origin', async ({ page, context, baseURL }) => {
  const foreign: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(baseURL as string) && !/^(blob|data):/.test(url)) foreign.push(url);
  });

  await page.goto('/');
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]')!.getAttribute('href')!)).json());
  expect(manifest).toMatchObject({ name: 'Trainyard', display: 'standalone' });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Trainyard' })).toBeVisible();
  await expect(page.getByTestId('backend')).toBeVisible();
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.locator('[data-testid="run"][data-status="done"]')).toHaveCount(1, { timeout: 200_000 });
  await context.setOffline(false);
  expect(foreign).toEqual([]);
});
