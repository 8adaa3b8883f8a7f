import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import JSZip from 'jszip';
import { decode as decodePng } from 'fast-png';
import { readEvents } from '../support/tfevents-reader';
import { readRecords, waitForStudio } from './support';

async function download(page: Page, button: Locator): Promise<{ name: string; zip: JSZip; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const bytes = readFileSync((await file.path())!);
  return { name: file.suggestedFilename(), zip: await JSZip.loadAsync(bytes), bytes };
}

/** The sample's 400 test images and labels, decoded in Node from the zip the app imports. */
async function sampleTest(): Promise<{ pixels: Uint8Array[]; labels: number[] }> {
  const zip = await JSZip.loadAsync(readFileSync('public/sample/digits-sample.zip'));
  const csv = (await zip.file('digits-sample/test/groundtruth.csv')!.async('string')).trim().split('\n');
  const pixels: Uint8Array[] = [];
  const labels: number[] = [];
  for (const line of csv) {
    const [path, label] = line.trim().split(',');
    const png = decodePng(await zip.file(`digits-sample/test/${path!.split('/').pop()}`)!.async('uint8array'));
    expect([png.width, png.height, png.channels]).toEqual([28, 28, 1]);
    pixels.push(Uint8Array.from(png.data));
    labels.push(Number(label));
  }
  return { pixels, labels };
}

test('a trained run exports as a zip whose model reproduces its accuracy in Node, with TensorBoard logs, and imports into a fresh profile', async ({ page, browser }) => {
  test.setTimeout(480_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  const report = page.getByTestId('run-report');
  await expect(report.getByTestId('analysis-summary')).toHaveAttribute('data-count', '400', { timeout: 60_000 });
  const accuracyText = await report.getByTestId('report-accuracy').innerText();

  const { name, zip, bytes } = await download(page, report.getByRole('button', { name: 'Export run (.zip)' }));
  expect(name).toBe('mlp-quick-adam-4-epochs.zip');
  const files = Object.keys(zip.files).filter((f) => !zip.files[f]!.dir);
  for (const f of ['model.json', 'group1-shard1of1.bin', 'history.json', 'metrics.json', 'config.json', 'report.html',
    'plots/loss.png', 'plots/accuracy.png', 'plots/confusion-matrix.png', 'plots/reliability.png', 'plots/failures.png']) {
    expect(files).toContain(f);
  }
  for (const png of files.filter((f) => f.endsWith('.png'))) expect(decodePng(await zip.file(png)!.async('uint8array')).width).toBeGreaterThan(100);
  // report.html opens from disk with the network blocked, every plot drawn.
  const dir = mkdtempSync(join(tmpdir(), 'trainyard-report-'));
  writeFileSync(join(dir, 'report.html'), await zip.file('report.html')!.async('nodebuffer'));
  const offline = await browser.newContext({ offline: true });
  const reportPage = await offline.newPage();
  await reportPage.goto(pathToFileURL(join(dir, 'report.html')).href);
  await expect(reportPage.getByTestId('report-title')).toHaveText('MLP · Quick (Adam, 4 epochs)');
  const drawn = await reportPage.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
  expect(drawn).toHaveLength(5);
  for (const w of drawn) expect(w).toBeGreaterThan(100);
  await offline.close();
  const config = JSON.parse(await zip.file('config.json')!.async('string'));
  expect(config.dataset.classes).toEqual('0123456789'.split(''));
  expect(config.dataset.manifest).toHaveLength(2000);
  expect(config.dataset.manifest.filter((m: { split: string }) => m.split === 'test')).toHaveLength(400);
  expect(config.dataset.manifest[0].path).toMatch(/^digits-sample\/(train|test)\/\d{6}\.png$/);
  expect(config.versions['@tensorflow/tfjs']).toMatch(/^4\.22\./);
  expect(config.backend).toBeTruthy();

  // The model, loaded by tfjs in Node, scores the stored test accuracy on the same 400 test images.
  const stored = JSON.parse(await zip.file('metrics.json')!.async('string')).metrics.accuracy as number;
  expect(accuracyText).toBe(`${(stored * 100).toFixed(1)} %`);
  await tf.setBackend('cpu');
  const modelJson = JSON.parse(await zip.file('model.json')!.async('string'));
  const weights = await zip.file(modelJson.weightsManifest[0].paths[0])!.async('uint8array');
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: weights.slice().buffer }));
  const truth = await sampleTest();
  const x = tf.tidy(() => tf.tensor4d(Float32Array.from(truth.pixels.flatMap((p) => [...p]), (v) => v / 255), [truth.labels.length, 28, 28, 1]));
  const predicted = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(-1));
  const labels = await predicted.data();
  tf.dispose([x, predicted]);
  model.dispose();
  const accuracy = truth.labels.filter((l, i) => labels[i] === l).length / truth.labels.length;
  expect(Math.abs(accuracy - stored)).toBeLessThanOrEqual(1 / 400);

  // TensorBoard: every epoch's loss and accuracy, for train and validation, in CRC-checked records.
  const history = JSON.parse(await zip.file('history.json')!.async('string')) as { epoch: number; loss: number; accuracy: number; valLoss: number; valAccuracy: number }[];
  expect(history).toHaveLength(4);
  for (const [split, loss, acc] of [['train', 'loss', 'accuracy'], ['validation', 'valLoss', 'valAccuracy']] as const) {
    const eventFiles = files.filter((f) => new RegExp(`^logs/${split}/events\\.out\\.tfevents\\.\\d+\\.trainyard$`).test(f));
    expect(eventFiles).toHaveLength(1);
    const events = readEvents(await zip.file(eventFiles[0]!)!.async('uint8array'));
    for (const h of history) {
      const scalars = events.filter((e) => e.step === h.epoch).flatMap((e) => e.scalars);
      expect(scalars.find((s) => s.tag === 'epoch_loss')!.value).toBeCloseTo(h[loss], 5);
      expect(scalars.find((s) => s.tag === 'epoch_accuracy')!.value).toBeCloseTo(h[acc], 5);
    }
  }

  // The study zip: a folder per run and leaderboard.csv.
  await page.getByRole('button', { name: 'Leaderboard' }).click();
  const study = await download(page, page.getByRole('button', { name: 'Export study (.zip)' }));
  const board = (await study.zip.file('leaderboard.csv')!.async('string')).trim().split(/\r?\n/);
  expect(board).toHaveLength(2);
  const folder = board[1]!.split(',')[1]!;
  expect(study.zip.file(`${folder}/model.json`)).not.toBeNull();
  expect(study.zip.file(`${folder}/logs/train/${eventFileOf(files, 'train')}`)).not.toBeNull();

  // The dataset exports in layout (a).
  const originalIds = (await readRecords<{ id: string }>(page, 'datasets')).map((d) => d.id);
  await page.getByRole('button', { name: 'Show dataset Sample digits' }).click();
  const dataset = await download(page, page.getByRole('button', { name: 'Export Sample digits as a zip' }));
  const testCsv = (await dataset.zip.file('sample-digits/test/groundtruth.csv')!.async('string')).trim().split(/\r?\n/);
  expect(testCsv).toHaveLength(401);

  // A fresh profile: the run zip restores the same report.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/');
  await waitForStudio(other);
  await other.getByTestId('import-run-input').setInputFiles({ name, mimeType: 'application/zip', buffer: bytes });
  await expect(other.getByTestId('run-import-notice')).toHaveText(`${name}: run MLP · Quick (Adam, 4 epochs) imported.`);
  const restored = other.getByTestId('run-report');
  await expect(restored.getByTestId('report-accuracy')).toHaveText(accuracyText);
  await expect(restored.getByTestId('analysis-summary')).toHaveAttribute('data-count', '400');
  await expect(restored.getByTestId('confusion-table')).toHaveAttribute('data-total', '400');
  await expect(restored.getByRole('figure', { name: 'Loss per epoch' }).locator('svg path.line').first()).toBeVisible();
  expect(await restored.getByTestId('failure').count()).toBeGreaterThan(0);
  // Its dataset is not stored in this profile: the run still names it, and its zip imports it from the report.
  await expect(restored.getByTestId('report-dataset')).toContainText('On Sample digits (not stored here).');
  await expect(other.getByTestId('run').first()).toContainText('Sample digits (not stored here)');
  await restored.getByTestId('report-dataset-input').setInputFiles({ name: dataset.name, mimeType: 'application/zip', buffer: dataset.bytes });
  await other.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click();
  await expect(restored.getByTestId('report-dataset')).toContainText('On Sample digits.', { timeout: 60_000 });
  await expect(restored.getByTestId('report-dataset-elsewhere')).toHaveCount(0);
  expect((await readRecords<{ id: string }>(other, 'datasets')).map((d) => d.id)).toEqual(originalIds);

  // A bare tfjs model (the run zip without trainyard/) imports as a model to try on images.
  zip.remove('trainyard');
  const bare = await zip.generateAsync({ type: 'nodebuffer' });
  await other.getByTestId('import-run-input').setInputFiles({ name: 'digits-model.zip', mimeType: 'application/zip', buffer: bare });
  await expect(other.getByTestId('run-import-notice')).toHaveText('digits-model.zip: model digits-model imported.');
  const tryReport = other.getByTestId('run-report');
  await expect(tryReport.getByRole('heading', { name: 'digits-model · imported' })).toBeVisible();
  await expect(tryReport.getByTestId('analysis-empty')).toContainText('Try it on images below (28×28, gray)');
  const sample = await JSZip.loadAsync(readFileSync('public/sample/digits-sample.zip'));
  const image = await sample.file('digits-sample/test/000040.png')!.async('nodebuffer');
  await tryReport.getByTestId('try-input').setInputFiles({ name: '000040.png', mimeType: 'image/png', buffer: image });
  await expect(tryReport.getByTestId('try-prediction')).toHaveText(/^\d$/);

  // The exported dataset, imported back in that profile, gets the same id.
  await other.route('**/sample/digits-sample.zip', (route) => route.fulfill({ body: dataset.bytes, contentType: 'application/zip' }));
  await other.getByRole('button', { name: 'Try the sample' }).click();
  await expect(other.getByTestId('dataset-card')).toHaveCount(1, { timeout: 120_000 });
  expect((await readRecords<{ id: string }>(other, 'datasets')).map((d) => d.id)).toEqual(originalIds);
  await fresh.close();
});

function eventFileOf(files: string[], split: string): string {
  return files.find((f) => f.startsWith(`logs/${split}/`))!.split('/').pop()!;
}

test('a bad zip is refused with the reason, and nothing is stored', async ({ page }) => {
  await page.goto('/');
  await waitForStudio(page);
  const bad = new JSZip();
  bad.file('trainyard/run.json', '{}');
  bad.file('../escape.txt', 'x');
  await page.getByTestId('import-run-input').setInputFiles({ name: 'bad.zip', mimeType: 'application/zip', buffer: await bad.generateAsync({ type: 'nodebuffer' }) });
  await expect(page.getByTestId('run-import-error')).toHaveText('bad.zip: refused, "../escape.txt" climbs out of the archive with "..". Nothing was imported.');
  const broken = new JSZip();
  broken.file('trainyard/run.json', '{"id": "x"}');
  await page.getByTestId('import-run-input').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: await broken.generateAsync({ type: 'nodebuffer' }) });
  await expect(page.getByTestId('run-import-error')).toHaveText('broken.zip: trainyard/run.json: "datasetId" must be non-empty text, but is missing. Nothing was imported.');
  expect(await readRecords(page, 'runs')).toEqual([]);
  expect(await readRecords(page, 'artifacts')).toEqual([]);
});

test('a tfjs model folder made elsewhere (model.json and weights) imports and predicts an image', async ({ page }) => {
  // A small Keras-style model built and saved by tfjs in Node, as any tfjs user would have it on disk.
  await tf.setBackend('cpu');
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ] });
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-model-')), 'tiny-cnn');
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({
      modelTopology: artifacts.modelTopology, format: 'layers-model', generatedBy: 'tfjs', convertedBy: null,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    }));
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  model.dispose();

  await page.goto('/');
  await waitForStudio(page);
  await page.getByTestId('import-model-folder').setInputFiles(dir);
  await expect(page.getByTestId('run-import-notice')).toHaveText('tiny-cnn: model tiny-cnn imported.');
  // A model with no history has no best validation accuracy: none is shown (it once read "best val. -100.0 %").
  const item = page.getByTestId('run').filter({ hasText: 'tiny-cnn' });
  await expect(item).toHaveAttribute('data-status', 'done');
  await expect(item).not.toContainText('best val.');
  await expect(item).not.toContainText('-100');
  const report = page.getByTestId('run-report');
  await expect(report.getByTestId('analysis-empty')).toContainText('(28×28, gray)');
  const sample = await JSZip.loadAsync(readFileSync('public/sample/digits-sample.zip'));
  await report.getByTestId('try-input').setInputFiles({ name: '000040.png', mimeType: 'image/png', buffer: await sample.file('digits-sample/test/000040.png')!.async('nodebuffer') });
  await expect(report.getByTestId('try-prediction')).toHaveText(/^\d$/);
  expect(await readRecords(page, 'artifacts')).toHaveLength(1);
});
