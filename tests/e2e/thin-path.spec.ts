import { expect, test, type ConsoleMessage } from '@playwright/test';

test('the sample trains on the backend Automatic measured fastest (WASM beside SwiftShader) to well above chance, and survives a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await page.getByRole('button', { name: 'Try the sample' }).click();

  const card = page.getByTestId('dataset-card');
  await expect(card).toHaveCount(1, { timeout: 60_000 });
  await expect(card.getByTestId('dataset-images')).toHaveText('2,000');

  const run = page.getByTestId('run').first();
  // The whole run takes about 2 s on WASM here: look for its live progress every frame, not every few hundred ms.
  await page.waitForFunction(() => document.querySelector('[data-testid="live"]')?.textContent?.includes('samples/s'), null, { polling: 'raf', timeout: 60_000 });
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  const accuracy = parseFloat((await run.getByTestId('test-accuracy').innerText()).replace('%', ''));
  expect(accuracy).toBeGreaterThan(50);
  for (const title of ['Loss per epoch', 'Accuracy per epoch']) {
    await expect(page.getByRole('figure', { name: title }).locator('canvas, svg').first()).toBeVisible();
  }
  await expect(run).toContainText('wasm');

  await page.reload();
  await expect(page.getByTestId('dataset-card')).toHaveCount(1);
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done');
  expect(parseFloat((await page.getByTestId('test-accuracy').first().innerText()).replace('%', ''))).toBe(accuracy);
  expect(errors).toEqual([]);
});
