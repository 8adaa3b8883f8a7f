// The installable app: after one visit the studio loads and trains with the network off, and no request
// ever leaves the origin. The built-in backbone is precached, but the page fetches it only when a run needs it.
import { expect, test, type Page } from '@playwright/test';
import { BUILT_IN_BACKBONES } from '../../src/core/built-in-backbones';

/** What the app would fetch for a built-in backbone: its model.json and the weights file that names. */
async function fetchBackbone(page: Page, path: string) {
  return page.evaluate(async (modelPath) => {
    const json = (await (await fetch(modelPath)).json()) as { format: string; weightsManifest: { paths: string[] }[] };
    const weights = await (await fetch(modelPath.replace(/model\.json$/, json.weightsManifest[0]!.paths[0]!))).arrayBuffer();
    return { format: json.format, paths: json.weightsManifest.map((g) => g.paths), bytes: weights.byteLength };
  }, path);
}

test('after one visit, the studio loads and trains offline, the built-in backbone is there offline; nothing is requested from another origin', async ({ page, context, baseURL }) => {
  const backboneRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/backbones/')) backboneRequests.push(request.url());
  });
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
  expect(backboneRequests).toEqual([]);
  for (const backbone of BUILT_IN_BACKBONES) {
    expect(await fetchBackbone(page, backbone.path)).toEqual({
      format: backbone.format === 'graph' ? 'graph-model' : 'layers-model', paths: [['weights.bin']], bytes: backbone.weightBytes,
    });
  }
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.locator('[data-testid="run"][data-status="done"]')).toHaveCount(1, { timeout: 200_000 });
  await context.setOffline(false);
  expect(foreign).toEqual([]);
});
