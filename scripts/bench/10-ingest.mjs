// Ingest speed: the 10,000 real digits (tests/fixtures/digits-a) from the directory input to a committed
// dataset, through the real page (preview, then import); and the bytes stored per image against the raw 784.
import { readStore } from './browser.mjs';

const FOLDER = 'tests/fixtures/digits-a';
const RAW_BYTES = 28 * 28;

export async function measure({ baseURL, launch, print }) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(baseURL);
    await page.getByRole('button', { name: 'Choose folder' }).waitFor();
    const usageBefore = await usage(page);
    const started = Date.now();
    await page.getByTestId('folder-input').setInputFiles(FOLDER);
    // Until here Chromium lists the folder and makes its File objects (the picker's work, not the page's).
    const picked = Date.now();
    await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click();
    await page.getByTestId('dataset-card').waitFor({ timeout: 300_000 });
    const seconds = (Date.now() - started) / 1000;
    const afterPick = (Date.now() - picked) / 1000;
    const [dataset] = await readStore(page, 'datasets');
    const shards = await readStore(page, 'shards');
    const images = dataset.report.images;
    const recordBytes = shards.reduce((n, s) => n + s.pixels.byteLength + s.labels.byteLength + s.paths.reduce((m, p) => m + p.length, 0), 0);
    const usageAfter = await usage(page);
    print({
      name: 'ingest folder→dataset', value: round(images / seconds), unit: 'images/s', backend: 'chromium', images, seconds: round(seconds, 2),
      fromPickedImagesPerSecond: round(images / afterPick), fromPickedSeconds: round(afterPick, 2), importStepSeconds: round(dataset.report.seconds, 2),
    });
    print({
      name: 'ingest stored bytes per image', value: round(recordBytes / images, 1), unit: 'bytes/image', backend: 'chromium',
      ratioToRaw: round(recordBytes / images / RAW_BYTES, 3), storageEstimatePerImage: round((usageAfter - usageBefore) / images, 1),
    });
  } finally {
    await browser.close();
  }
}

const usage = (page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
