// A first visit: the next step before the expert controls, one Import that tells datasets from runs and
// models, notices that go with the state they describe, and one panel at a time on a phone.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { tinyModel } from '../support/hostile-inputs';
import { waitForStudio } from './support';

const EXPERT = ['Train on', 'Models and hyperparameter sets', 'Successive halving (off)', 'Pause queue'];

async function pauseBeforeAnyRun(page: Page): Promise<void> {
  await page.getByText('Advanced settings').click();
  await page.getByRole('button', { name: 'Pause queue' }).click();
  await expect(page.getByText('Paused: no new run starts.')).toBeVisible();
  await page.getByText('Advanced settings').click();
}

/** A tfjs model folder as a tfjs user has it on disk (model.json and weights.bin in a folder named `name`). */
function modelFolder(name: string): string {
  const { modelJson, weights } = tinyModel();
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-first-')), name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.json'), modelJson);
  writeFileSync(join(dir, 'weights.bin'), weights);
  return dir;
}

test('the first screen shows the next step; the expert controls and file inputs wait behind Advanced settings', async ({ page }) => {
  await page.goto('/');
  await waitForStudio(page);
  await expect(page.getByTestId('next-step')).toContainText('No datasets yet. Add one to start');
  await expect(page.getByRole('button', { name: 'Try the sample' })).toBeVisible();
  await expect(page.getByTestId('runs-empty')).toContainText('Runs start here once a dataset is added');
  for (const text of EXPERT) await expect(page.getByText(text, { exact: true })).toBeHidden();
  await expect(page.getByTestId('backend-setting')).toBeHidden();
  // No bare native file input anywhere: each picker is a button.
  expect(await page.locator('input[type="file"]:visible').count()).toBe(0);

  await page.getByText('Advanced settings').click();
  for (const text of EXPERT) await expect(page.getByText(text, { exact: true })).toBeVisible();
  await expect(page.getByTestId('backend-setting')).toBeVisible();
  await page.getByText('Models and hyperparameter sets').click();
  await expect(page.getByRole('button', { name: 'Import a backbone folder' })).toBeVisible();
  expect(await page.locator('input[type="file"]:visible').count()).toBe(0);
});

test('the top bar\'s Import takes a dataset zip, a tfjs model folder and a run zip, each to its place', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await waitForStudio(page);
  await pauseBeforeAnyRun(page);

  const open = page.getByRole('button', { name: 'Import', exact: true });
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  await open.click();
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  const menu = page.getByRole('group', { name: 'Import a dataset, a run or a model' });
  await expect(menu.getByRole('button', { name: 'Import a folder' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(open).toBeFocused();

  // A zip of labelled images: the dataset import's preview.
  await page.getByTestId('import-run-input').setInputFiles(join('tests/fixtures', 'digits-a.zip'));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('heading', { name: 'Import “digits-a”' })).toBeVisible();
  await preview.getByRole('button', { name: /^Import / }).click();
  await expect(page.getByTestId('dataset-card')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('run-import-notice')).toHaveCount(0);

  // A tfjs model folder: a run to try on images, its report shown.
  await page.getByTestId('import-model-folder').setInputFiles(modelFolder('tiny'));
  await expect(page.getByTestId('run-import-notice')).toHaveText('tiny: model tiny imported.');
  const report = page.getByTestId('run-report');
  await expect(report.getByRole('heading', { name: 'tiny · imported' })).toBeVisible();

  // Exported as a run zip, deleted, and imported back through the same Import.
  const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Export run (.zip)' }).click()]);
  const bytes = readFileSync((await download.path())!);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: /^Delete tiny/ }).click();
  await expect(page.getByTestId('run').filter({ hasText: 'tiny' })).toHaveCount(0);
  // The import's notice named the run just deleted: it went with it.
  await expect(page.getByTestId('run-import-notice')).toHaveCount(0);
  await page.getByTestId('import-run-input').setInputFiles({ name: 'tiny-run.zip', mimeType: 'application/zip', buffer: bytes });
  await expect(page.getByTestId('run-import-notice')).toHaveText('tiny-run.zip: model tiny imported.');
  await expect(page.getByTestId('run').filter({ hasText: 'tiny' })).toHaveCount(1);
  await expect(page.getByTestId('dataset-card')).toHaveCount(1);
  await expect(page.getByTestId('import-preview')).toHaveCount(0);
});

test('notices go with their state: "already stored" after a delete, "pinned" once done, no "BACKEND —" at a run\'s start', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await waitForStudio(page);
  await pauseBeforeAnyRun(page);
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.getByTestId('dataset-card')).toHaveCount(1, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Try the sample' }).click();
  const notice = page.getByTestId('import-notice');
  await expect(notice).toContainText('Sample digits: this exact data is already stored as');

  // Pinned while queued; a finished run no longer says so.
  const queued = page.locator('[data-testid="run"][data-status="queued"]');
  await expect(queued.first()).toBeVisible();
  const last = queued.first();
  const runId = (await last.getAttribute('data-run-id'))!;
  await last.getByRole('button', { name: /^Pin .* to the front$/ }).click();
  const pinned = page.locator(`[data-testid="run"][data-run-id="${runId}"]`);
  await expect(pinned.getByTestId('run-status')).toHaveText('queued · pinned');
  const backends: string[] = [];
  await page.exposeFunction('sawBackend', (text: string) => void backends.push(text));
  await page.evaluate(() => {
    // Every text the live view's backend shows, from its first frame.
    new MutationObserver(() => {
      const dd = document.querySelector('[data-testid="live-backend"]');
      if (dd?.textContent) (window as unknown as { sawBackend: (t: string) => void }).sawBackend(dd.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Resume queue' }).click();
  await expect(pinned.getByTestId('live-backend')).toBeVisible({ timeout: 120_000 });
  await expect(pinned).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  await expect(pinned.getByTestId('run-status')).toHaveText('done');
  expect(backends.length).toBeGreaterThan(0);
  for (const text of backends) expect(text).toMatch(/^(choosing…|WebGPU|WebGL|WASM|CPU)$/);

  // Deleting the dataset takes the "already stored" notice with it.
  await page.getByRole('button', { name: 'Pause queue' }).click();
  await page.getByRole('button', { name: 'Show dataset Sample digits' }).click();
  const view = page.getByTestId('dataset-view');
  await view.getByRole('button', { name: 'Delete dataset…' }).click();
  await view.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByTestId('next-step')).toContainText('No datasets yet');
  await expect(notice).toHaveCount(0);
});

test('at 390 px one panel shows at a time, nothing overflows, and the tabs follow import, run and report', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await waitForStudio(page);
  const tab = (name: string) => page.getByRole('tab', { name });
  const shown = async () => {
    const visible: string[] = [];
    for (const id of ['datasets', 'runs', 'report']) if (await page.locator(`#panel-${id}`).isVisible()) visible.push(id);
    return visible;
  };
  const noOverflow = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await expect(page.getByRole('tablist', { name: 'Panels' })).toBeVisible();
  await expect(tab('Datasets')).toHaveAttribute('aria-selected', 'true');
  expect(await shown()).toEqual(['datasets']);
  await expect(page.getByRole('tabpanel')).toHaveCount(1);
  await noOverflow();

  // The keyboard moves between tabs.
  await tab('Datasets').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab('Runs')).toBeFocused();
  await expect(tab('Runs')).toHaveAttribute('aria-selected', 'true');
  expect(await shown()).toEqual(['runs']);
  await page.getByText('Advanced settings').click();
  await page.getByText('Models and hyperparameter sets').click();
  await noOverflow();
  await page.getByText('Advanced settings').click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await noOverflow();

  // Importing shows the datasets; the first run starting shows the runs; a finished run shows its report.
  await page.getByTestId('import-run-input').setInputFiles(join('tests/fixtures', 'digits-a.zip'));
  await expect(tab('Datasets')).toHaveAttribute('aria-selected', 'true');
  expect(await shown()).toEqual(['datasets']);
  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible();
  await noOverflow();
  await preview.getByRole('button', { name: /^Import / }).click();
  await expect(tab('Runs')).toHaveAttribute('aria-selected', 'true', { timeout: 120_000 });
  expect(await shown()).toEqual(['runs']);
  await expect(page.locator('[data-testid="run"][data-status="running"]')).toBeVisible({ timeout: 60_000 });
  await noOverflow();
  await expect(tab('Report')).toHaveAttribute('aria-selected', 'true', { timeout: 200_000 });
  expect(await shown()).toEqual(['report']);
  await noOverflow();

  // Choosing a run in the runs list shows its report.
  await tab('Runs').click();
  const done = page.locator('[data-testid="run"][data-status="done"]').first();
  await done.getByRole('button', { name: /^Show the report of/ }).click();
  await expect(tab('Report')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('run-report')).toHaveAttribute('data-run-id', (await done.getAttribute('data-run-id'))!);
  await noOverflow();
});
