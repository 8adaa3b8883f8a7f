// The grid in the real page: two datasets × two models × two hyperparameter sets run in the documented order
// (newer dataset, then model priority, then hyperparameter priority), and a reload during the third run
// resumes it from its checkpoint without changing the order.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { importFromPreview } from './ingest-support';
import { putRecords, readRecords, waitForStudio } from './support';

interface Run {
  id: string;
  status: string;
  datasetId: string;
  modelId: string;
  hparamsId: string;
  finishedAt?: number;
  startedAt?: number;
  checkpointEpoch: number;
  history: { epoch: number; loss: number }[];
}

const linear = (id: string, priority: number) => ({
  id, name: id, description: 'Logistic regression for the grid test.', priority, enabled: true, builtIn: false,
  layers: [{ type: 'flatten' }, { type: 'dense', units: 'classes', activation: 'softmax' }],
});
const quick = (id: string, priority: number, learningRate: number) => ({
  id, name: id, priority, enabled: true, epochs: 3, batchSize: 16, optimizer: 'adam', learningRate, seed: 3,
});

test('2 datasets × 2 models × 2 sets run in order, and a reload in the third run resumes it', async ({ page }) => {
  test.setTimeout(600_000);
  // Train on: WebGPU (SwiftShader): slow enough to reload during the third run (Automatic picks WASM, far quicker).
  await page.addInitScript(() => localStorage.setItem('trainyard-backend', 'webgpu'));
  await page.goto('/');
  await waitForStudio(page);
  await expect.poll(async () => (await readRecords(page, 'models')).length).toBeGreaterThan(0);
  const builtInModels = await readRecords<{ id: string; enabled: boolean }>(page, 'models');
  const builtInSets = await readRecords<{ id: string; enabled: boolean }>(page, 'hparams');
  await putRecords(page, 'models', [...builtInModels.map((m) => ({ ...m, enabled: false })), linear('lin-a', 50), linear('lin-b', 40)]);
  await putRecords(page, 'hparams', [...builtInSets.map((h) => ({ ...h, enabled: false })), quick('set-a', 50, 0.01), quick('set-b', 40, 0.005)]);
  // Before any run exists, pausing is an advanced setting.
  await page.getByText('Advanced settings').click();
  await page.getByRole('button', { name: 'Pause queue' }).click();

  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.getByTestId('dataset-card')).toHaveCount(1, { timeout: 60_000 });
  await page.getByTestId('zip-input').setInputFiles(join('tests/fixtures', 'small-a.zip'));
  await importFromPreview(page, 'small-a', 'csv');
  await expect(page.getByTestId('dataset-card')).toHaveCount(2);

  const datasets = await readRecords<{ id: string; name: string; createdAt: number }>(page, 'datasets');
  const newer = datasets.find((d) => d.name === 'small-a')!.id;
  const older = datasets.find((d) => d.name === 'Sample digits')!.id;
  const expected = [newer, older].flatMap((d) => ['lin-a', 'lin-b'].flatMap((m) => ['set-a', 'set-b'].map((h) => `${d}/${m}/${h}`)));
  await expect(page.locator('[data-testid="run"][data-status="queued"]')).toHaveCount(8);
  expect(await page.locator('[data-testid="run"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')))).toEqual(expected);

  await page.getByRole('button', { name: 'Resume queue' }).click();
  const third = expected[2]!;
  await expect.poll(async () => {
    const runs = await readRecords<Run>(page, 'runs');
    const run = runs.find((r) => r.id === third)!;
    return run.status === 'running' && run.checkpointEpoch >= 0 && run.checkpointEpoch < 2;
  }, { timeout: 300_000, intervals: [100] }).toBe(true);
  const before = (await readRecords<Run>(page, 'runs')).find((r) => r.id === third)!;
  expect((await readRecords<Run>(page, 'runs')).filter((r) => r.status === 'done').map((r) => r.id).sort()).toEqual(expected.slice(0, 2).sort());
  await page.reload();

  await expect(page.locator('[data-testid="run"][data-status="done"]')).toHaveCount(8, { timeout: 400_000 });
  const runs = await readRecords<Run>(page, 'runs');
  const finished = [...runs].sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0)).map((r) => r.id);
  expect(finished).toEqual(expected);
  const after = runs.find((r) => r.id === third)!;
  expect(after.history).toHaveLength(3);
  expect(after.history[0]).toEqual(before.history[0]);
  expect(after.startedAt).toBe(before.startedAt);
});
