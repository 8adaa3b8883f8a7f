// Failures reported as failures: a GPU device lost mid-run fails that run with its reason and the next run trains
// on a new device; a dataset committed right before the tab died gets its runs at the next start and trains.
import { expect, test, type Page, type Worker } from '@playwright/test';
import { putRecords, readRecords, waitForStudio } from './support';

interface StoredRun {
  id: string;
  status: string;
  error?: string;
  hparamsId: string;
}

interface Catalogued {
  id: string;
  enabled: boolean;
  [field: string]: unknown;
}

/** Only the MLP, with `sets` as the enabled hyperparameter sets (copies of Quick with the epochs and priority given). */
async function smallCatalog(page: Page, sets: { id: string; epochs: number; priority: number }[]): Promise<void> {
  const models = await readRecords<Catalogued>(page, 'models');
  await putRecords(page, 'models', models.map((m) => ({ ...m, enabled: m.id === 'mlp' })));
  const hparams = await readRecords<Catalogued>(page, 'hparams');
  const quick = hparams.find((h) => h.id === 'quick')!;
  await putRecords(page, 'hparams', [
    ...hparams.map((h) => ({ ...h, enabled: false })),
    ...sets.map((s) => ({ ...quick, ...s, name: `Quick ${s.id}`, enabled: true })),
  ]);
}

function clearStore(page: Page, store: string): Promise<void> {
  return page.evaluate((name) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('trainyard');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(name, 'readwrite');
      tx.objectStore(name).clear();
      tx.oncomplete = () => (open.result.close(), resolve());
      tx.onerror = () => reject(tx.error);
    };
  }), store);
}

/** Destroys the WebGPU device of the training worker at its next dispatch (every tfjs program creates a bind group). */
function destroyDeviceIn(worker: Worker): Promise<void> {
  return worker.evaluate(() => new Promise<void>((resolve) => {
    type DeviceProto = { createBindGroup: (this: { destroy(): void }, ...args: unknown[]) => unknown };
    const proto = (globalThis as unknown as { GPUDevice: { prototype: DeviceProto } }).GPUDevice.prototype;
    const original = proto.createBindGroup;
    proto.createBindGroup = function (this: { destroy(): void }, ...args: unknown[]) {
      proto.createBindGroup = original;
      const made = original.apply(this, args);
      setTimeout(() => {
        this.destroy();
        resolve();
      }, 0);
      return made;
    };
  }));
}

test('a GPU device lost during a run fails that run with its reason, and the next run trains on a new device', async ({ page }) => {
  test.setTimeout(420_000);
  await page.addInitScript(() => localStorage.setItem('trainyard-backend', 'webgpu'));
  await page.goto('/');
  await waitForStudio(page);
  await smallCatalog(page, [{ id: 'first', epochs: 2, priority: 10 }, { id: 'second', epochs: 1, priority: 9 }]);
  await page.reload();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu', { timeout: 60_000 });

  await page.getByRole('button', { name: 'Try the sample' }).click();
  const first = page.locator('[data-testid="run"][data-run-id$="/mlp/first"]');
  const second = page.locator('[data-testid="run"][data-run-id$="/mlp/second"]');
  await expect(first).toHaveAttribute('data-status', 'running', { timeout: 120_000 });
  await expect(first.getByTestId('live')).toBeVisible({ timeout: 120_000 });
  const trainer = page.workers().find((w) => w.url().includes('train'));
  expect(trainer, `workers: ${page.workers().map((w) => w.url()).join(', ')}`).toBeDefined();
  await destroyDeviceIn(trainer!);

  await expect(first).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(first.getByTestId('run-error')).toContainText('The GPU device was lost (Device was destroyed.). The training worker was restarted with a new device');
  await expect(second).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  const runs = await readRecords<StoredRun>(page, 'runs');
  expect(runs.find((r) => r.hparamsId === 'first')).toMatchObject({ status: 'failed', error: expect.stringContaining('The training worker was restarted') });
  expect(runs.find((r) => r.hparamsId === 'second')?.status).toBe('done');
});

test('a dataset committed right before the tab died gets its runs after a reload, and they train', async ({ page }) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => localStorage.setItem('trainyard-backend', 'wasm'));
  await page.goto('/');
  await waitForStudio(page);
  await smallCatalog(page, [{ id: 'only', epochs: 1, priority: 10 }]);
  // Paused, so the import commits the dataset and its runs but nothing trains; then the runs are dropped, leaving
  // what a tab that died between the commit and the grid's sync leaves: a complete dataset with no runs.
  await putRecords(page, 'settings', [{ key: 'queue', value: { paused: true } }]);
  await page.reload();
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.getByTestId('run')).toHaveCount(1, { timeout: 120_000 });
  await clearStore(page, 'runs');
  await putRecords(page, 'settings', [{ key: 'queue', value: { paused: false } }]);
  expect(await readRecords(page, 'runs')).toEqual([]);
  expect(await readRecords(page, 'datasets')).toHaveLength(1);

  await page.reload();
  const run = page.locator('[data-testid="run"][data-run-id$="/mlp/only"]');
  await expect(run).toHaveCount(1, { timeout: 60_000 });
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  const runs = await readRecords<StoredRun>(page, 'runs');
  expect(runs.map((r) => r.status)).toEqual(['done']);
});
