// The run queue in the real page: failures do not stop it, and one tab trains while every tab watches.
import { expect, test } from '@playwright/test';
import { putRecords, readRecords, waitForStudio } from './support';

const tooBig = {
  id: 'too-big', name: 'Too big', description: 'A 40×40 kernel on 28×28 digits: cannot be built.', priority: 100, enabled: true, builtIn: false,
  layers: [{ type: 'conv2d', filters: 4, kernelSize: 40, activation: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 'classes', activation: 'softmax' }],
};

test('a run whose model cannot fit the data fails with its reason, and the next run starts', async ({ page }) => {
  await page.goto('/');
  await waitForStudio(page);
  await expect.poll(async () => (await readRecords(page, 'models')).length).toBeGreaterThan(0);
  await putRecords(page, 'models', [tooBig]);
  await page.getByRole('button', { name: 'Try the sample' }).click();

  const failed = page.locator('[data-testid="run"][data-status="failed"]');
  await expect(failed).toHaveCount(1, { timeout: 60_000 });
  await expect(failed.getByTestId('run-error')).toContainText('layer 1 (conv2d): input 28×28 is smaller than the kernel 40×40');
  await expect(page.locator('[data-testid="run"][data-status="done"]')).toHaveCount(1, { timeout: 200_000 });
  await expect(failed.getByRole('button', { name: /Retry/ })).toBeVisible();
});

test('a second tab does not train while the first does, and shows the same progress', async ({ page, context }) => {
  // Train on: WebGPU (SwiftShader), so the run lasts long enough to open a second tab (Automatic's WASM takes 2 s).
  await context.addInitScript(() => localStorage.setItem('trainyard-backend', 'webgpu'));
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.locator('[data-testid="run"][data-status="running"]')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('training-elsewhere')).toHaveCount(0);

  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByTestId('training-elsewhere')).toBeVisible();
  await expect(second.locator('[data-testid="run"][data-status="running"]')).toHaveCount(1);
  await expect(second.getByTestId('live')).toContainText('samples/s');
  const workers = second.workers().map((w) => w.url());
  expect(workers.filter((u) => u.includes('train.worker')).length).toBeLessThanOrEqual(1);

  await expect(page.locator('[data-testid="run"][data-status="done"]')).toHaveCount(1, { timeout: 200_000 });
  await expect(second.locator('[data-testid="run"][data-status="done"]')).toHaveCount(1);
  const accuracy = await page.getByTestId('test-accuracy').innerText();
  await expect(second.getByTestId('test-accuracy')).toHaveText(accuracy);
  const runs = await readRecords<{ status: string; backend: string }>(second, 'runs');
  expect(runs.map((r) => r.status)).toEqual(['done']);
});
