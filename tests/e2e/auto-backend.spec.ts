// Automatic measures backends per model: here WebGPU and WebGL run on SwiftShader (software adapters), so WASM must
// win, and the badge says why with the numbers. A backend chosen in *Train on* is used as is, without measuring.
import { expect, test, type Page } from '@playwright/test';
import { readRecords } from './support';

interface StoredRun { status: string; backend?: string; backendReason?: string }
interface Setting { key: string; value: { name?: string; measurements?: { name: string; result: { kind: string } }[] } }

/** Records every text the "measuring" line showed, however briefly it was there. */
async function watchMeasuring(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as { measuringSeen?: string[] }).measuringSeen = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="measuring"]')?.textContent?.replace(/\s+/g, ' ').trim();
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

const measuringSeen = (page: Page) => page.evaluate(() => (globalThis as { measuringSeen?: string[] }).measuringSeen ?? []);

test('with software adapters only, Automatic measures, trains on WASM, and the badge says why with the numbers', async ({ page }) => {
  await watchMeasuring(page);
  await page.goto('/');
  const badge = page.getByTestId('backend');
  await expect(badge).toHaveAttribute('data-backend', 'wasm');
  expect(await badge.getAttribute('title')).toContain('WebGPU (SwiftShader) and WebGL (SwiftShader) run on software adapters');

  await page.getByRole('button', { name: 'Try the sample' }).click();
  const run = page.getByTestId('run').first();
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect((await measuringSeen(page))[0]).toBe('Measuring backends for MLP: timing WASM…');

  const reason = (await badge.getAttribute('title')) ?? '';
  expect(reason).toMatch(/^Automatic chose WASM \(\d+ threads?.*\) for MLP at batch 32: WASM was the fastest\./);
  expect(reason).toMatch(/Measured: WASM: [\d,]+ samples\/s · CPU: not timed \(.+\) · WebGPU \(SwiftShader\): not timed \(software adapter; the whole run takes about [\d.]+ s on WASM\) · WebGL \(SwiftShader\): not timed/);
  await expect(badge).toHaveAttribute('data-backend', 'wasm');

  // The reason is reachable from the keyboard: focusing the badge shows it.
  await badge.focus();
  await expect(page.locator('#backend-reason')).toBeVisible();
  await expect(page.locator('#backend-reason')).toContainText('Measured: WASM:');

  const [stored] = await readRecords<StoredRun>(page, 'runs');
  expect(stored?.backend).toBe('wasm');
  expect(stored?.backendReason).toBe(reason);
  await expect(run).toContainText('wasm');

  // The run's report says why, behind a disclosure that opens from the keyboard.
  await run.getByRole('button', { name: /Show the report of MLP/ }).click();
  const why = page.getByTestId('report-backend-reason');
  await why.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(why).toContainText('Measured: WASM:');

  // Remembered for this model and device, in the database.
  const remembered = (await readRecords<Setting>(page, 'settings')).filter((s) => s.key.startsWith('backend-choice/'));
  expect(remembered).toHaveLength(1);
  expect(remembered[0]?.value.name).toBe('wasm');
  expect(remembered[0]?.value.measurements?.map((m) => `${m.name}:${m.result.kind}`)).toEqual(['wasm:timed', 'cpu:not-timed', 'webgpu:not-timed', 'webgl:not-timed']);

  // "Measure again" forgets it, so the model is timed again before its next run.
  await page.getByText('Advanced settings').click();
  await expect(page.getByTestId('backend-reason')).toContainText(/^For MLP: WASM: [\d,]+ samples\/s/);
  await page.getByRole('button', { name: /^Measure again/ }).click();
  await expect(page.getByText('Forgotten: each model is timed again before its next run.')).toBeVisible();
  expect((await readRecords<Setting>(page, 'settings')).filter((s) => s.key.startsWith('backend-choice/'))).toEqual([]);
});

test('a backend chosen in Train on is used as is: WebGPU on SwiftShader trains the sample to done, nothing is measured', async ({ page }) => {
  test.setTimeout(300_000);
  await watchMeasuring(page);
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await page.getByText('Advanced settings').click();
  await page.getByTestId('backend-setting').selectOption('webgpu');
  const badge = page.getByTestId('backend');
  await expect(badge).toHaveAttribute('data-backend', 'webgpu');
  expect(await badge.getAttribute('title')).toBe('WebGPU (google swiftshader) was chosen in settings.');

  await page.getByRole('button', { name: 'Try the sample' }).click();
  const run = page.getByTestId('run').first();
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  expect(parseFloat((await run.getByTestId('test-accuracy').innerText()).replace('%', ''))).toBeGreaterThan(50);
  const [stored] = await readRecords<StoredRun>(page, 'runs');
  expect(stored?.backend).toBe('webgpu');
  expect(stored?.backendReason).toBe('WebGPU (google swiftshader) was chosen in settings.');
  expect(await measuringSeen(page)).toEqual([]);
  expect((await readRecords<Setting>(page, 'settings')).filter((s) => s.key.startsWith('backend-choice/'))).toEqual([]);
});
