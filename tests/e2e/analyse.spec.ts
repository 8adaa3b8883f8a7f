import { readFileSync } from 'node:fs';
import { expect, test, type ConsoleMessage, type Locator, type Page } from '@playwright/test';
import JSZip from 'jszip';
import { decode as decodePng } from 'fast-png';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The sample's test labels by file name, and one test image, straight from the zip the app imports. */
async function sampleTruth(): Promise<{ labels: Map<string, number>; image: Buffer; imageName: string }> {
  const zip = await JSZip.loadAsync(readFileSync('public/sample/digits-sample.zip'));
  const csv = await zip.file('digits-sample/test/groundtruth.csv')!.async('string');
  const labels = new Map(csv.trim().split('\n').map((line) => {
    const [path, label] = line.trim().split(',');
    return [path!.split('/').pop()!, Number(label)] as const;
  }));
  const imageName = '000040.png';
  const image = await zip.file(`digits-sample/test/${imageName}`)!.async('nodebuffer');
  return { labels, image, imageName };
}

async function download(page: Page, button: Locator): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFileSync((await file.path())!);
}

function expectPng(bytes: Buffer): void {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const png = decodePng(bytes);
  expect(png.width).toBeGreaterThan(0);
  expect(png.height).toBeGreaterThan(0);
}

test('after training on real digits the report shows curves, a full confusion matrix, real failures, calibration, and PNGs', async ({ page }) => {
  test.setTimeout(420_000);
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const truth = await sampleTruth();
  const testSize = truth.labels.size;
  expect(testSize).toBe(400);

  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample' }).click();
  const run = page.getByTestId('run').first();
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  const report = page.getByTestId('run-report');
  await expect(report.getByTestId('analysis-summary')).toHaveAttribute('data-count', String(testSize), { timeout: 60_000 });

  // Validation came from train, said in words; its accuracy is shown apart from the test accuracy.
  await expect(report.getByTestId('report-validation')).toHaveText(/^Validation: 15 % of train held out, [\d,]+ images, stratified by class, seed 1\.$/);
  await expect(report.getByTestId('report-validation')).toHaveAttribute('data-kind', 'split');
  const valText = await report.getByTestId('report-val-accuracy').innerText();
  expect(valText).toMatch(/^\d+\.\d %$/);

  // Both curves, each with the training and the validation series, one value per epoch (4).
  const four = '\\d\\.\\d{3}, \\d\\.\\d{3}, \\d\\.\\d{3}, \\d\\.\\d{3}';
  for (const [title, series] of [['Loss per epoch', 'loss'], ['Accuracy per epoch', 'accuracy']] as const) {
    const figure = report.getByRole('figure', { name: title });
    await expect(figure.locator('svg path.line').first()).toBeVisible();
    // Series names are isolated (U+2068 … U+2069), as any user-given name in plain text is.
    await expect(figure.getByTestId('plot-description')).toHaveText(new RegExp(`^\u2068${series}\u2069: ${four}\\. \u2068val\\. ${series}\u2069: ${four}$`));
  }

  // The confusion matrix covers the whole test split.
  const table = report.getByTestId('confusion-table');
  await expect(table).toHaveAttribute('data-total', String(testSize));
  const counts = await table.locator('td[data-count]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
  expect(counts).toHaveLength(100);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(testSize);
  await expect(report.getByTestId('confusion-matrix').locator('rect.cell')).toHaveCount(100);
  const classRows = report.getByTestId('class-table').locator('tbody tr');
  await expect(classRows).toHaveCount(10);

  // Failures are really wrong (checked against the sample's own groundtruth.csv) and sorted by confidence.
  const failures = report.getByTestId('failure');
  expect(await failures.count()).toBeGreaterThan(0);
  const cases = await failures.evaluateAll((buttons) => buttons.map((b) => ({
    label: Number(b.getAttribute('data-label')), predicted: Number(b.getAttribute('data-predicted')),
    confidence: Number(b.getAttribute('data-confidence')), name: (b.getAttribute('aria-label') ?? '').match(/(\d{6}\.png)/)?.[1] ?? '',
  })));
  for (const c of cases) {
    expect(truth.labels.get(c.name)).toBe(c.label);
    expect(c.predicted).not.toBe(c.label);
  }
  const confidences = cases.map((c) => c.confidence);
  expect(confidences).toEqual([...confidences].sort((a, b) => b - a));

  // Selecting a failure from the keyboard shows its probability bars.
  await failures.first().focus();
  await page.keyboard.press('Enter');
  await expect(failures.first()).toHaveAttribute('aria-pressed', 'true');
  await expect(report.getByTestId('probability-bars').locator('g.bar')).toHaveCount(10);

  // Calibration.
  await expect(report.getByTestId('reliability').locator('svg path.line').first()).toBeVisible();
  await expect(report.getByTestId('ece')).toHaveText(/^\d+\.\d %$/);

  // Every plot downloads as a valid PNG.
  const pngButtons = report.getByRole('button', { name: /as PNG$/ });
  expect(await pngButtons.count()).toBeGreaterThanOrEqual(5);
  for (const name of ['Loss per epoch', 'Accuracy per epoch', 'Confusion matrix (counts)', 'Reliability diagram']) {
    expectPng(await download(page, report.getByRole('button', { name: `Download ${name} as PNG` })));
  }

  // The numbers as JSON and CSV.
  const json = JSON.parse((await download(page, report.getByRole('button', { name: 'Numbers as JSON' }))).toString('utf8')) as {
    metrics: { count: number; confusion: number[][] };
  };
  expect(json.metrics.count).toBe(testSize);
  expect(json.metrics.confusion.flat().reduce((a, b) => a + b, 0)).toBe(testSize);
  const csv = (await download(page, report.getByRole('button', { name: 'Scores as CSV' }))).toString('utf8').trim().split(/\r?\n/);
  expect(csv[0]).toBe('class,precision,recall,f1,support,predicted');
  expect(csv.filter((l) => l.startsWith('macro average'))).toHaveLength(1);

  // Try a model with a real test image.
  await report.getByTestId('try-input').setInputFiles({ name: truth.imageName, mimeType: 'image/png', buffer: truth.image });
  await expect(report.getByTestId('try-prediction')).toHaveText(/^\d$/);

  // The leaderboard ranks the run.
  await page.getByRole('button', { name: 'Leaderboard' }).click();
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(1);
  // Ranked by validation, shown apart from test: two numbers, and not the same one (validation is not the test split).
  await expect(page.getByTestId('leaderboard-val')).toHaveText(valText);
  const testText = await page.getByTestId('leaderboard-test').innerText();
  expect(testText).toMatch(/^\d+\.\d %$/);
  expect(testText).not.toBe(valText);
  await expect(page.getByRole('columnheader', { name: /Val\. acc\./ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByTestId('accuracy-grid')).toContainText('MLP');
  expect(errors).toEqual([]);
});

test('a dataset without a test split gets a plain message in the report, and no NaN', async ({ page }) => {
  test.setTimeout(300_000);
  // The sample with its test/ folder removed and 300 training images kept, served in its place.
  const zip = await JSZip.loadAsync(readFileSync('public/sample/digits-sample.zip'));
  const csv = (await zip.file('digits-sample/train/groundtruth.csv')!.async('string')).trim().split('\n').slice(0, 300);
  const smaller = new JSZip();
  smaller.file('digits-sample/train/groundtruth.csv', csv.join('\n'));
  for (const line of csv) {
    const name = line.split(',')[0]!.split('/').pop()!;
    smaller.file(`digits-sample/train/${name}`, await zip.file(`digits-sample/train/${name}`)!.async('uint8array'));
  }
  const body = await smaller.generateAsync({ type: 'nodebuffer' });
  await page.route('**/sample/digits-sample.zip', (route) => route.fulfill({ body, contentType: 'application/zip' }));

  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  const report = page.getByTestId('run-report');
  await expect(report.getByTestId('analysis-empty')).toHaveText(/^The dataset "Sample digits" has no test split, so this model cannot be measured on held-out images\./, { timeout: 60_000 });
  await expect(report.getByRole('figure', { name: 'Loss per epoch' }).locator('svg path.line').first()).toBeVisible();
  expect(await page.locator('main').innerText()).not.toMatch(/NaN|undefined|Infinity/);
  await page.getByRole('button', { name: 'Leaderboard' }).click();
  await expect(page.getByTestId('leaderboard-row')).toContainText('—');
  expect(await page.locator('main').innerText()).not.toMatch(/NaN|undefined|Infinity/);
});
