// A large folder (issue 15): 20,000 colour photos of 96×96 (crops of real photos, made by scripts/large-sets.mjs
// into a git-ignored cache when the test first needs them) imports through the folder input with the memory of the
// page and its workers under a ceiling, then trains and is analysed. The browser runs on a profile on disk (off the
// record, IndexedDB and OPFS would live in memory) so the import writes where a person's would; memory is the
// resident size of the profile's renderers, sampled from outside (asking the page during OPFS sync-handle writes
// hung the worker).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { ensureLargeSet } from '../../scripts/large-sets.mjs';
import { sampleProfileRss } from '../../scripts/process-memory.mjs';
import type { StoredDataset } from './ingest-support';
import { putRecords, readRecords, waitForStudio } from './support';

const SET = 'photos-20000';
const IMAGES = 20_000;
/**
 * Peak resident memory of the page and its workers during the import. The page at rest is about 360 MB here; the
 * 20,000 images are 553 MB of pixels, so an import that holds them all (and copies them into shards) cannot pass.
 */
const CEILING_MB = 1000;

interface Catalogued {
  id: string;
  enabled: boolean;
  [field: string]: unknown;
}

/** Only logistic regression (small for 96×96×3, and it suits any data), with one set of 1 epoch. */
async function oneShortRun(page: Page): Promise<void> {
  const models = await readRecords<Catalogued>(page, 'models');
  await putRecords(page, 'models', models.map((m) => ({ ...m, enabled: m.id === 'logistic' })));
  const hparams = await readRecords<Catalogued>(page, 'hparams');
  const quick = hparams.find((h) => h.id === 'quick');
  expect(quick, 'the built-in Quick set').toBeDefined();
  await putRecords(page, 'hparams', [...hparams.map((h) => ({ ...h, enabled: false })), { ...quick, id: 'large', name: 'One epoch', epochs: 1, enabled: true }]);
}

test('20,000 photos of 96×96 import with the page under 1 GB, then train and are analysed', async ({ baseURL }) => {
  test.setTimeout(600_000);
  const folder = await ensureLargeSet(SET);
  const profile = mkdtempSync(join(tmpdir(), 'trainyard-import-large-'));
  const executablePath = findChromium();
  const context = await chromium.launchPersistentContext(profile, { headless: true, baseURL, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => localStorage.setItem('trainyard-backend', 'wasm'));
    await page.goto('/');
    await waitForStudio(page);
    await oneShortRun(page);
    await page.reload();
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });

    const memory = sampleProfileRss(profile);
    let peakMB: number;
    try {
      await page.getByTestId('folder-input').setInputFiles(folder);
      const preview = page.getByTestId('import-preview');
      await expect(preview.getByRole('heading', { name: `Import “${SET}”` })).toBeVisible({ timeout: 120_000 });
      await expect(preview.getByTestId('preview-layout')).toHaveAttribute('data-layout', 'class-folders');
      await preview.getByRole('spinbutton', { name: 'Width' }).fill('96');
      await preview.getByRole('spinbutton', { name: 'Height' }).fill('96');
      await preview.getByRole('button', { name: /^Import / }).click();
      const card = page.getByTestId('dataset-card');
      await expect(card.getByTestId('dataset-images')).toHaveText('20,000', { timeout: 300_000 });
      await expect(card.getByTestId('dataset-shape')).toHaveText('96×96, colour');
    } finally {
      peakMB = Math.round(memory.stop().peak.page / 1e6);
      test.info().annotations.push({ type: 'peak page memory during the import', description: `${peakMB} MB` });
    }
    expect(peakMB, `peak memory of the page and its workers during the import, MB (ceiling ${CEILING_MB})`).toBeLessThan(CEILING_MB);

    const [dataset] = await readRecords<StoredDataset>(page, 'datasets');
    const testImages = dataset?.counts.test?.total ?? 0;
    expect(testImages + (dataset?.counts.train?.total ?? 0)).toBe(IMAGES);
    expect(testImages).toBeGreaterThan(0);

    // The run the import queued trains on the stored images and its report analyses the whole test split. Memory
    // here is noted, not asserted (training's own bound is another test's).
    const training = sampleProfileRss(profile);
    try {
      const run = page.locator('[data-testid="run"][data-run-id$="/logistic/large"]');
      await expect(run).toHaveAttribute('data-status', 'done', { timeout: 360_000 });
      await run.getByRole('button', { name: /^Show the report of / }).click();
      const report = page.getByTestId('run-report');
      await expect(report.getByTestId('analysis-summary')).toHaveAttribute('data-count', String(testImages), { timeout: 120_000 });
      await expect(report.getByTestId('confusion-table')).toHaveAttribute('data-total', String(testImages));
    } finally {
      const trainingMB = Math.round(training.stop().peak.page / 1e6);
      test.info().annotations.push({ type: 'peak page memory while training and analysing', description: `${trainingMB} MB` });
    }
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
