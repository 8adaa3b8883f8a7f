// Ingest speed: the 10,000 real digits (tests/fixtures/digits-a) from the user's gesture to a committed dataset,
// through the real page (preview, then import), two ways:
//  - dropped: the folder dropped on the page as a real OS drop would deliver it (DevTools' Input.dispatchDragEvent
//    with the folder's path), so the page gets a FileSystemDirectoryHandle: Chromium's path for a drop and for
//    "Choose folder" (showDirectoryPicker hands over the same kind of handle);
//  - directory input: <input webkitdirectory> through Playwright's setInputFiles (browsers without
//    showDirectoryPicker); the clock starts before Chromium lists the folder and makes its 10,000 Files.
// And the bytes stored per image against the raw 784.
import { resolve } from 'node:path';
import { readStore } from './browser.mjs';

const FOLDER = 'tests/fixtures/digits-a';
const RAW_BYTES = 28 * 28;

export async function measure({ baseURL, launch, print }) {
  const dropped = await ingestOnce(baseURL, launch, 'dropped');
  const input = await ingestOnce(baseURL, launch, 'input');
  print({
    name: 'ingest folder→dataset', value: dropped.rate, unit: 'images/s', backend: 'chromium', how: 'folder dropped (directory handle)',
    images: dropped.images, seconds: dropped.seconds, importStepSeconds: dropped.importStepSeconds,
  });
  print({
    name: 'ingest folder→dataset (directory input)', value: input.rate, unit: 'images/s', backend: 'chromium', how: 'webkitdirectory input',
    images: input.images, seconds: input.seconds, importStepSeconds: input.importStepSeconds,
  });
  print({
    name: 'ingest stored bytes per image', value: round(dropped.recordBytes / dropped.images, 1), unit: 'bytes/image', backend: 'chromium',
    ratioToRaw: round(dropped.recordBytes / dropped.images / RAW_BYTES, 3), storageEstimatePerImage: round(dropped.usage / dropped.images, 1),
  });
}

async function ingestOnce(baseURL, launch, how) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(baseURL);
    await page.getByRole('button', { name: 'Choose folder' }).waitFor();
    const usageBefore = await usage(page);
    const started = Date.now();
    if (how === 'dropped') await dropFolder(page, resolve(FOLDER));
    else await page.getByTestId('folder-input').setInputFiles(FOLDER);
    await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).waitFor({ timeout: 120_000 });
    await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click({ timeout: 120_000 });
    await page.getByTestId('dataset-card').waitFor({ timeout: 300_000 });
    const seconds = (Date.now() - started) / 1000;
    const [dataset] = await readStore(page, 'datasets');
    const shards = await readStore(page, 'shards');
    const images = dataset.report.images;
    // Shards in IndexedDB (older builds, browsers without OPFS) and shard files in the Origin Private File System.
    const recordBytes = shards.reduce((n, s) => n + s.pixels.byteLength + s.labels.byteLength + s.paths.reduce((m, p) => m + p.length, 0), 0) + (await shardFileBytes(page));
    return {
      images, seconds: round(seconds, 2), rate: round(images / seconds), importStepSeconds: round(dataset.report.seconds, 2),
      recordBytes, usage: (await usage(page)) - usageBefore,
    };
  } finally {
    await browser.close();
  }
}

/** Drops a folder of this machine on the page the way the OS would: the page sees a real directory. */
async function dropFolder(page, folder) {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [folder], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: 400, y: 300, data });
  await cdp.detach();
}

/** Bytes of every shard file (header, labels, pixels, paths) under the studio's OPFS folder. */
const shardFileBytes = (page) => page.evaluate(async () => {
  let bytes = 0;
  try {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('trainyard-shards');
    for await (const folder of root.values()) {
      if (folder.kind !== 'directory') continue;
      for await (const file of folder.values()) if (file.kind === 'file') bytes += (await file.getFile()).size;
    }
  } catch {
    // no folder: nothing stored in files
  }
  return bytes;
});

const usage = (page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
