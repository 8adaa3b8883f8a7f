import { expect, test, type Page } from '@playwright/test';

const TINY_CNN = [
  { type: 'conv2d', filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
  { type: 'flatten' },
  { type: 'dense', units: 'classes', activation: 'softmax' },
];

interface StoredRun {
  id: string;
  status: string;
  backend?: string;
  history: { epoch: number; valLoss: number }[];
  checkpointEpoch: number;
  testAccuracy?: number;
  model: { name: string };
}

function readRuns(page: Page): Promise<StoredRun[]> {
  return page.evaluate(() => new Promise<StoredRun[]>((resolve, reject) => {
    const open = indexedDB.open('trainyard');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('runs').objectStore('runs').getAll();
      request.onsuccess = () => resolve(request.result as StoredRun[]);
      request.onerror = () => reject(request.error);
      open.result.close();
    };
  }));
}

test('a CNN made in the catalog editor trains on WebGPU and, reloaded mid-run, resumes from its checkpoint and finishes', async ({ page }) => {
  test.setTimeout(420_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Train on: WebGPU (SwiftShader), slow enough to reload in the middle of the run (Automatic would pick WASM).
  await page.addInitScript(() => localStorage.setItem('trainyard-backend', 'webgpu'));
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');

  await page.getByText('Advanced settings').click();
  await page.getByText('Models and hyperparameter sets').click();
  await page.getByRole('button', { name: 'Duplicate Small CNN' }).click();
  await page.getByRole('button', { name: 'Edit Small CNN (copy)' }).click();
  const editor = page.getByRole('form', { name: 'Edit model Small CNN (copy)' });
  await editor.getByLabel('Name').fill('Tiny CNN');
  const layers = editor.getByLabel('Layers (JSON)');
  await layers.fill(JSON.stringify([{ type: 'flatten' }, { type: 'dense', units: 64 }, { type: 'dense', units: -3, activation: 'softmax' }]));
  await expect(editor.getByTestId('spec-errors')).toContainText('layer 3 (dense): units must be a positive integer or "classes"');
  await expect(editor.getByRole('button', { name: 'Save model' })).toBeDisabled();
  await layers.fill(JSON.stringify(TINY_CNN));
  await expect(editor.getByTestId('spec-summary')).toContainText('15,770 parameters');
  await editor.getByRole('button', { name: 'Save model' }).click();
  await page.getByRole('checkbox', { name: 'Tiny CNN', exact: true }).check();
  await page.getByRole('checkbox', { name: 'MLP', exact: true }).uncheck();
  await expect(page.getByRole('checkbox', { name: 'MLP', exact: true })).not.toBeChecked();

  await page.getByRole('button', { name: 'Edit Quick (Adam, 4 epochs)' }).click();
  const sets = page.getByRole('form', { name: 'Edit hyperparameter set Quick (Adam, 4 epochs)' });
  const settings = sets.getByRole('textbox');
  await settings.fill(JSON.stringify({ name: 'Quick', priority: 10, enabled: true, epochs: 3, batchSize: 0, optimizer: 'adam', learningRate: 0.003, seed: 1 }));
  await expect(sets.getByTestId('hparams-errors')).toContainText('batch size must be a whole number from 1 to 4,096');
  await settings.fill(JSON.stringify({ name: 'Quick', priority: 10, enabled: true, epochs: 3, batchSize: 64, optimizer: 'adam', learningRate: 0.003, seed: 1 }));
  await sets.getByRole('button', { name: 'Save set' }).click();

  await page.getByRole('button', { name: 'Try the sample' }).click();
  const run = page.getByTestId('run').first();
  await expect(run).toContainText('Tiny CNN', { timeout: 60_000 });
  await expect(run).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('live-memory')).toContainText('tensors', { timeout: 120_000 });

  // Wait for the first checkpoint, then reload in the middle of the run.
  await expect.poll(async () => (await readRuns(page))[0]?.checkpointEpoch ?? -1, { timeout: 150_000 }).toBeGreaterThanOrEqual(0);
  const before = (await readRuns(page))[0]!;
  expect(before.status).toBe('running');
  expect(before.history.length).toBeLessThan(3);
  await page.reload();

  const resumed = page.getByTestId('run').first();
  await expect(resumed).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  const firstLive = await page.getByTestId('live').innerText({ timeout: 120_000 });
  const epochShown = Number(/Epoch (\d+)\//.exec(firstLive)?.[1]);
  expect(epochShown).toBeGreaterThan(before.checkpointEpoch + 1);
  await expect(resumed).toHaveAttribute('data-status', 'done', { timeout: 200_000 });

  const after = (await readRuns(page))[0]!;
  expect(after.backend).toBe('webgpu');
  expect(after.history.map((h) => h.epoch)).toEqual([0, 1, 2]);
  // The epochs finished before the reload were kept, not trained again.
  expect(after.history[0]!.valLoss).toBe(before.history[0]!.valLoss);
  expect(after.testAccuracy).toBeGreaterThan(0.5);
  expect(errors).toEqual([]);
});
