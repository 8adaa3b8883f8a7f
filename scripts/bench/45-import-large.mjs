// Importing large folders (issue 15): 100,000 real-based 28×28 digits (train/ and test/ with groundtruth.csv) and
// 30,000 96×96 colour crops of real photos (one folder per class), made by scripts/large-sets.mjs into a git-ignored
// cache, each imported through the studio's real path: the folder given to the page's folder input (or dropped on
// the page), the preview (photos kept at 96×96), Import, until the dataset's card appears. The clock runs from the
// folder handed over to the card. Per set it prints the speed (target ≥ 2,000 images/s), the memory of the page and
// its workers (peak resident memory of the renderer process they live in, sampled from /proc through the import;
// target < 1 GB) and the bytes stored per image against the raw pixels (navigator.storage.estimate before and after,
// and the profile's size on disk; target ≤ 1.05).
// The browser runs on a profile on disk (off the record, IndexedDB and OPFS live in memory), with the queue paused
// so no run trains during the measurement.
// The photos also run through a reference (import-reference.mjs: the same decoder, hash and shard writes in a plain
// one-threaded Node loop) in the same run, so the browser's share of the cost is a ratio.
// TRAINYARD_BENCH_IMPORT_SETS=digits,photos picks sets; TRAINYARD_BENCH_IMPORT_SCALE=0.2 scales the image counts;
// TRAINYARD_BENCH_IMPORT_HOW=input,drop,pick picks the paths (default input): the folder input (what browsers without
// showDirectoryPicker use), a drop, or Choose folder with showDirectoryPicker (what Chromium uses), answered with the
// handle of the same folder on disk, taken from a drop that the page never sees, before the clock starts. TRAINYARD_BENCH_IMPORT_MEMORY=after adds the
// browser's own figure (performance.measureUserAgentSpecificMemory) once the import is over, =during also every 2 s
// through it. Neither is the default: each call took 60 s here, as if one of the page's many workers (likely a WASM
// thread) never answered, and asking during OPFS sync-handle writes hung the worker in the storage benchmark.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../chromium.mjs';
import { ensureLargeSet } from '../large-sets.mjs';
import { referenceImport } from './import-reference.mjs';
import { sampleProfileRss, thinSeries } from '../process-memory.mjs';
import { within } from './browser.mjs';

const SCALE = Number(process.env.TRAINYARD_BENCH_IMPORT_SCALE ?? 1);
const PICKED = (process.env.TRAINYARD_BENCH_IMPORT_SETS ?? 'digits,photos').split(',');
const HOWS = (process.env.TRAINYARD_BENCH_IMPORT_HOW ?? 'input').split(',');
const BROWSER_MEMORY = ['after', 'during'].includes(process.env.TRAINYARD_BENCH_IMPORT_MEMORY ?? '');
const BROWSER_MEMORY_DURING = process.env.TRAINYARD_BENCH_IMPORT_MEMORY === 'during';
const SETS = [
  { kind: 'digits', images: Math.round(100_000 * SCALE), rawBytes: 28 * 28, side: undefined },
  { kind: 'photos', images: Math.round(30_000 * SCALE), rawBytes: 96 * 96 * 3, side: 96 },
].filter((s) => PICKED.includes(s.kind));
const STEP_SECONDS = 900;
const ARGS = [...CHROMIUM_ARGS, '--enable-blink-features=ForceEagerMeasureMemory'];

export async function measure({ baseURL, print }) {
  const unknown = HOWS.find((how) => !['input', 'drop', 'pick'].includes(how));
  if (unknown) throw new Error(`TRAINYARD_BENCH_IMPORT_HOW: ${unknown}? expected input, drop, pick or a list of them`);
  for (const set of SETS) {
    const folder = await ensureLargeSet(`${set.kind}-${set.images}`, { log: (line) => console.error(line) });
    // The photos' reference (import-reference.mjs) runs beside them, in the same run, on a page cache as warm.
    if (set.kind === 'photos') await measureReference(print, folder, set);
    for (const how of HOWS) await measureOne(baseURL, print, folder, set, how);
  }
}

/** The same photos read, decoded, hashed and written by a plain one-threaded Node loop: what the browser adds. */
async function measureReference(print, folder, set) {
  const r = await referenceImport(folder, set.side);
  print({
    name: `import large ${set.kind}: reference, a plain Node loop on one thread (same WASM decoder, hash and fsynced shards)`, value: round(r.images / r.seconds),
    unit: 'images/s', backend: 'node', kind: set.kind, images: r.images, seconds: round(r.seconds, 2),
  });
}

/** One import of one set by one path, printed as speed, memory and stored bytes. */
async function measureOne(baseURL, print, folder, set, how) {
  const r = await importOnce(baseURL, folder, set, how);
  const common = { backend: 'chromium', kind: set.kind, how, images: r.images };
  print({
    name: `import large ${set.kind} folder→dataset (${how})`, value: round(r.images / r.seconds), unit: 'images/s', ...common, target: '≥ 2000',
    seconds: round(r.seconds, 2), previewSeconds: round(r.previewSeconds, 2), importSeconds: round(r.seconds - r.previewSeconds, 2),
    importStepSeconds: r.importStepSeconds === undefined ? undefined : round(r.importStepSeconds, 2), shape: r.shape,
  });
  print({
    name: `import large ${set.kind} peak memory (page and workers, ${how})`, value: mb(r.memory.peak.page), unit: 'MB (peak renderer RSS)', ...common, target: '< 1000',
    beforeMB: mb(r.beforeRss.page), pageAndWorkersMBAfter: mb(r.browserBytesAfter), pageAndWorkersPeakMB: mb(r.browserPeakBytes), peakStorageServiceMB: mb(r.memory.peak.storage),
    peakBrowserProcessMB: mb(r.memory.peak.browser), rendererRssMBOverSeconds: thinSeries(r.memory.series, 12).map(([s, b]) => [round(s), mb(b)]),
  });
  print({
    name: `import large ${set.kind} stored bytes ÷ raw pixels (${how})`, value: round(r.usageBytes / (r.images * set.rawBytes), 3), unit: 'ratio (storage estimate)', ...common,
    target: '≤ 1.05', rawBytesPerImage: set.rawBytes, storedBytesPerImage: round(r.usageBytes / r.images, 1),
    profileBytesPerImage: round(r.profileBytes / r.images, 1), profileToRaw: round(r.profileBytes / (r.images * set.rawBytes), 3),
  });
}

async function importOnce(baseURL, folder, set, how) {
  const profile = mkdtempSync(join(tmpdir(), 'trainyard-import-bench-'));
  const executablePath = findChromium();
  const context = await chromium.launchPersistentContext(profile, { headless: true, args: ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const crashed = new Promise((_, reject) => page.on('crash', () => reject(new Error(`the page crashed importing ${set.images} ${set.kind}`))));
    crashed.catch(() => {});
    const step = (what, work) => within(`${what} (${set.kind})`, STEP_SECONDS, () => Promise.race([work(), crashed]));
    await page.goto(baseURL);
    await page.getByTestId('backend').waitFor({ timeout: 120_000 });
    await pauseQueue(page);
    const usageBefore = await usage(page);
    const profileBefore = profileBytes(profile);
    const beforeRss = sampleProfileRss(profile).stop().peak;

    if (how === 'pick') await answerPickerWith(page, folder);
    const sampler = sampleProfileRss(profile);
    const browserSampler = BROWSER_MEMORY_DURING ? sampleBrowserMemory(page) : undefined;
    const started = Date.now();
    await step('folder', () => giveFolder(page, folder, how));
    const preview = page.getByTestId('import-preview');
    const importButton = preview.getByRole('button', { name: /^Import / });
    await step('preview', () => importButton.waitFor({ timeout: STEP_SECONDS * 1000 }));
    const previewSeconds = (Date.now() - started) / 1000;
    if (set.side) {
      await preview.getByRole('spinbutton', { name: 'Width' }).fill(String(set.side));
      await preview.getByRole('spinbutton', { name: 'Height' }).fill(String(set.side));
    }
    await importButton.click();
    const card = page.getByTestId('dataset-card');
    await step('import', () => card.waitFor({ timeout: STEP_SECONDS * 1000 }));
    const seconds = (Date.now() - started) / 1000;
    const memory = sampler.stop();
    const browserPeakBytes = await browserSampler?.stop();

    const images = Number((await card.getByTestId('dataset-images').innerText()).replace(/\D/g, ''));
    const shape = await card.getByTestId('dataset-shape').innerText();
    const browserBytesAfter = BROWSER_MEMORY ? await step('memory', () => page.evaluate(async () => (await performance.measureUserAgentSpecificMemory()).bytes)) : undefined;
    return {
      images, seconds, previewSeconds, shape, memory, beforeRss, browserBytesAfter, browserPeakBytes, importStepSeconds: await importStepSeconds(page),
      usageBytes: (await usage(page)) - usageBefore, profileBytes: profileBytes(profile) - profileBefore,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * The folder handed to the page as a person would: picked in the folder input, dropped from the file manager, or
 * chosen in the directory picker (answered by answerPickerWith).
 */
async function giveFolder(page, folder, how) {
  if (how === 'input') return page.getByTestId('folder-input').setInputFiles(folder);
  if (how === 'pick') return page.getByRole('button', { name: 'Choose folder' }).click();
  await dropFolder(page, folder);
}

async function dropFolder(page, folder) {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [folder], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: 400, y: 300, data });
  await cdp.detach();
}

/**
 * Makes showDirectoryPicker answer with `folder` as a handle on disk, as the native picker would once the person
 * chose it: a drop of the folder, caught before the page's own handlers, gives the handle.
 */
async function answerPickerWith(page, folder) {
  await page.evaluate(() => {
    window.addEventListener('dragover', (event) => event.preventDefault(), { capture: true });
    window.addEventListener('drop', (event) => {
      event.preventDefault();
      event.stopImmediatePropagation();
      window.__picked = event.dataTransfer.items[0].getAsFileSystemHandle();
    }, { capture: true, once: true });
  });
  await dropFolder(page, folder);
  await page.waitForFunction(() => window.__picked !== undefined);
  await page.evaluate(async () => {
    const handle = await window.__picked;
    if (handle?.kind !== 'directory') throw new Error('the drop gave no folder handle');
    window.showDirectoryPicker = async () => handle;
  });
}

/** The browser's figure for the page and its workers, asked for every 2 s until stopped; resolves to the peak. */
function sampleBrowserMemory(page) {
  let peak = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const bytes = await page.evaluate(async () => (await performance.measureUserAgentSpecificMemory()).bytes).catch(() => 0);
      peak = Math.max(peak, bytes);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  })();
  return { stop: async () => ((stopped = true), await loop, peak) };
}

/** Pauses the queue from Advanced settings, so the runs the import queues do not train while memory is measured. */
async function pauseQueue(page) {
  await page.getByText('Advanced settings').click();
  await page.getByRole('button', { name: 'Pause queue' }).click();
  await page.getByText('Paused: no new run starts.').waitFor();
  await page.getByText('Advanced settings').click();
}

/** The ingest's own timing from the dataset record, when the record still carries it. */
async function importStepSeconds(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('trainyard');
    open.onerror = () => resolve(undefined);
    open.onsuccess = () => {
      const request = open.result.transaction('datasets').objectStore('datasets').getAll();
      request.onsuccess = () => (open.result.close(), resolve(request.result.find((d) => d?.report?.seconds !== undefined)?.report.seconds));
      request.onerror = () => resolve(undefined);
    };
  }));
}

const usage = (page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
const profileBytes = (profile) => Number(execFileSync('du', ['-sb', profile], { encoding: 'utf8' }).split('\t')[0]);


const mb = (bytes) => (bytes === undefined ? undefined : round(bytes / 1e6));
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
