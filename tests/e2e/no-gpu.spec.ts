// A browser without WebGPU or WebGL: the studio still trains, on WASM, and says why.
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const executablePath = findChromium();
test.use({
  launchOptions: {
    args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), '--disable-gpu', '--disable-software-rasterizer'],
    ...(executablePath ? { executablePath } : {}),
  },
});

test('trains the sample on WASM when there is neither WebGPU nor WebGL, and says why', async ({ page }) => {
  await page.goto('/');
  const badge = page.getByTestId('backend');
  await expect(badge).toHaveAttribute('data-backend', 'wasm');
  const reason = await badge.getAttribute('title');
  expect(reason).toMatch(/WebGPU: (no WebGPU adapter|this browser has no WebGPU)/);
  expect(reason).toMatch(/WebGL: no WebGL context/);
  // The page is cross-origin isolated, so WASM runs on every core (tfjs alone would stop at half of them).
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Math.min(8, cores);
  await expect(badge).toContainText(`WASM · ${threads} thread${threads === 1 ? '' : 's'}, SIMD`);
  await page.getByRole('button', { name: 'Try the sample' }).click();
  const run = page.getByTestId('run').first();
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  expect(parseFloat((await run.getByTestId('test-accuracy').innerText()).replace('%', ''))).toBeGreaterThan(50);
  await expect(run).toContainText('wasm');
});
