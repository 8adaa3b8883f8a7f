// A pretrained backbone from a user's point of view: import a real network (nsfwjs's MobileNetV2, a tfjs graph
// model, written out as the files a person would have), put a head on it in the catalog, drop a folder of real
// photos, reload while its features are computed, and get a model above 95 % that reproduces its accuracy in Node
// from the exported zip. Bad backbones are refused with the reason, and nothing is stored.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect, test, type Page } from '@playwright/test';
import JSZip from 'jszip';
import { loadPretrained, type PretrainedName } from '../support/pretrained';
import { dropPaths, importFromPreview } from './ingest-support';
import { readRecords, readShards, waitForStudio } from './support';

interface StoredRun { id: string; status: string; testAccuracy?: number; checkpointEpoch: number; history: unknown[]; model: { name: string; backbone?: { id: string } }; datasetId: string }
interface StoredFeatures { split: string; createdAt: number; count: number; size: number }

/** The network as a person would have it: model.json and its weight files in a folder. */
function writeModelFolder(name: PretrainedName, folderName: string, change: (json: Record<string, unknown>, files: Map<string, Uint8Array>) => void = () => {}): string {
  const { modelJson, weightFiles } = loadPretrained(name);
  change(modelJson, weightFiles);
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-backbone-')), folderName);
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  for (const [file, bytes] of weightFiles) writeFileSync(join(dir, file), bytes);
  return dir;
}

async function openCatalog(page: Page): Promise<void> {
  await page.getByText('Advanced settings').click();
  await page.getByText('Models and hyperparameter sets').click();
  await expect(page.getByTestId('backbone').first()).toBeVisible();
}

/** The test split's pixels of a dataset, read from the page's storage (IndexedDB or its private files). */
async function testSplit(page: Page, datasetId: string): Promise<{ pixels: Uint8Array; labels: number[]; shape: number[] }> {
  const dataset = (await readRecords<{ id: string; shape: number[] }>(page, 'datasets')).find((d) => d.id === datasetId);
  const shape = dataset?.shape ?? [];
  const per = shape.reduce((a, b) => a * b, 1);
  const shards = (await readShards(page)).filter((s) => s.datasetId === datasetId && s.split === 'test').sort((a, b) => a.index - b.index);
  const pixels = new Uint8Array(shards.reduce((n, s) => n + s.count * per, 0));
  let at = 0;
  for (const s of shards) {
    pixels.set(s.pixels.subarray(0, s.count * per), at);
    at += s.count * per;
  }
  return { pixels, labels: shards.flatMap((s) => Array.from(s.labels.subarray(0, s.count))), shape };
}

test('an imported pretrained network trains a frozen head on real photos above 95 %, resumes after a reload, and its exported model reproduces the accuracy in Node', async ({ page }) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await waitForStudio(page);
  await openCatalog(page);

  // Import the network as a folder.
  await page.getByTestId('import-backbone-folder').setInputFiles(writeModelFolder('mobilenet_v2_mid', 'MobileNetV2 140'));
  await expect(page.getByTestId('backbone-notice')).toContainText('MobileNetV2 140 is stored: 224×224 input, 1,792 features', { timeout: 120_000 });
  const stored = await readRecords<{ id: string; featureSize: number; format: string }>(page, 'backbones');
  expect(stored.map((b) => [b.featureSize, b.format])).toEqual([[1792, 'graph']]);

  // A head on it, made in the catalog; the shipped backbone's model is turned off so only ours trains.
  await page.getByRole('button', { name: /^Duplicate .* \+ head$/ }).click();
  await page.getByRole('button', { name: /^Edit .* \+ head \(copy\)$/ }).click();
  const editor = page.getByRole('form', { name: /^Edit model .* \+ head \(copy\)$/ });
  await editor.getByLabel('Name').fill('Imported MobileNet head');
  await editor.getByRole('combobox', { name: 'Backbone' }).selectOption({ label: 'MobileNetV2 140 (1,792 features)' });
  await expect(editor.getByTestId('spec-summary')).toContainText('as a head on 1,792 features');
  await editor.getByRole('button', { name: 'Save model' }).click();
  await page.getByRole('checkbox', { name: 'Imported MobileNet head', exact: true }).check();
  await page.getByRole('checkbox', { name: /\+ head$/ }).first().uncheck();
  await expect(page.getByRole('checkbox', { name: 'Imported MobileNet head', exact: true })).toBeChecked();

  // Real photos: the preview proposes the backbone's size and says why.
  await dropPaths(page, ['tests/fixtures/photos']);
  const preview = page.getByTestId('import-preview');
  await expect(preview).toContainText('The backbone takes 224×224 images');
  await importFromPreview(page, 'photos', 'class-folders');

  const run = page.getByTestId('run').filter({ hasText: 'Imported MobileNet head' });
  await expect(run).toHaveAttribute('data-status', 'running', { timeout: 120_000 });
  // Reload once the test features are cached and the train features are being computed.
  await expect(page.getByTestId('live-features')).toContainText('train images', { timeout: 240_000 });
  const cachedBefore = await readRecords<StoredFeatures>(page, 'features');
  expect(cachedBefore.map((f) => f.split)).toEqual(['test']);
  await page.reload();
  await expect(run).toHaveAttribute('data-status', 'done', { timeout: 300_000 });

  const runs = await readRecords<StoredRun>(page, 'runs');
  const done = runs.find((r) => r.model.name === 'Imported MobileNet head')!;
  expect(done.testAccuracy).toBeGreaterThanOrEqual(0.95);
  expect(done.history).toHaveLength(4);
  // The test split's features were kept across the reload, not computed again.
  const cached = await readRecords<StoredFeatures>(page, 'features');
  expect(cached.map((f) => f.split).sort()).toEqual(['test', 'train']);
  expect(cached.find((f) => f.split === 'test')!.createdAt).toBe(cachedBefore[0]!.createdAt);
  expect(cached.every((f) => f.size === 1792)).toBe(true);

  // Export the run; its model takes images and, loaded in Node, gives the same test accuracy.
  await run.click();
  const report = page.getByTestId('run-report');
  await expect(report.getByTestId('report-backbone')).toContainText('Backbone: MobileNetV2 140 (frozen: the head trained on its cached features, 1,792 features)');
  const [file] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Export run (.zip)' }).click()]);
  const zip = await JSZip.loadAsync(readFileSync((await file.path())!));
  const modelJson = JSON.parse(await zip.file('model.json')!.async('string')) as { format: string; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] } & tf.io.ModelJSON;
  expect(modelJson.format).toBe('graph-model');
  expect(zip.file('head/model.json')).not.toBeNull();
  await tf.setBackend('wasm'); // MobileNetV2 in Node: WASM is ~30× faster than tfjs's plain JS backend
  const model = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
    weightData: (await zip.file('group1-shard1of1.bin')!.async('uint8array')).slice().buffer, format: modelJson.format,
    ...(modelJson.signature ? { signature: modelJson.signature } : {}), ...(modelJson.userDefinedMetadata ? { userDefinedMetadata: modelJson.userDefinedMetadata } : {}),
  }));
  const held = await testSplit(page, done.datasetId);
  expect(held.shape).toEqual([224, 224, 3]);
  const per = 224 * 224 * 3;
  let correct = 0;
  for (let at = 0; at < held.labels.length; at += 16) {
    const n = Math.min(16, held.labels.length - at);
    const x = tf.tensor4d(Float32Array.from(held.pixels.subarray(at * per, (at + n) * per), (v) => v / 255), [n, 224, 224, 3]);
    const predicted = await (model.predict(x) as tf.Tensor).argMax(1).data();
    x.dispose();
    predicted.forEach((p, i) => (correct += p === held.labels[at + i] ? 1 : 0));
  }
  expect(correct / held.labels.length).toBeCloseTo(done.testAccuracy!, 5);
  expect(errors).toEqual([]);
});

test('a backbone without an image input, or without its weights, is refused with the reason and nothing is stored', async ({ page }) => {
  await page.goto('/');
  await waitForStudio(page);
  await openCatalog(page);
  // The Layers MobileNetV2 with its weight file left out.
  const noWeights = writeModelFolder('mobilenet_v2', 'no weights', (_json, files) => files.clear());
  await page.getByTestId('import-backbone-files').setInputFiles(join(noWeights, 'model.json'));
  await expect(page.getByTestId('backbone-error')).toContainText('Imported backbone was not stored: weights file group1-shard1of1 is missing');
  // The same network with its input declared as a vector of 10 numbers.
  const noImage = writeModelFolder('mobilenet_v2', 'not an image model', (json) => {
    const layers = ((json.modelTopology as { model_config: { config: { layers: { config: { batch_input_shape?: unknown } }[] } } }).model_config.config.layers);
    layers[0]!.config.batch_input_shape = [null, 10];
  });
  await page.getByTestId('import-backbone-folder').setInputFiles(noImage);
  await expect(page.getByTestId('backbone-error')).toContainText(/^not an image model was not stored: .*no image input/);
  expect(await readRecords(page, 'backbones')).toEqual([]);
});
