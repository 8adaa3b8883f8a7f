// Storage for pixel shards, IndexedDB against the Origin Private File System (issue 15, point 3): in a dedicated
// worker of bench/storage.html, write N shards of ~4 MB (100,000 real-based 28×28 digits; 30,000 96×96×3 crops of
// the real photo fixture) into IndexedDB (ShardRecord-shaped records, 4 shards per transaction) and into OPFS through
// sync access handles (one file per shard; one file per split), read them all back in a shuffled shard order as
// training would, and report MB/s, images/s, time to the first shard and memory (peak renderer RSS through each phase;
// performance.measureUserAgentSpecificMemory for the page and its workers after it), then delete what was written.
// The browser runs on a profile on disk: Playwright's default contexts are off the record, where both stores live
// in memory and the comparison would mean nothing. TRAINYARD_BENCH_STORAGE_SCALE (default 1) scales the image counts;
// TRAINYARD_BENCH_STORAGE_STORES picks stores (comma-separated); TRAINYARD_BENCH_STORAGE_MEMORY=0 skips the browser's memory figure.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../chromium.mjs';
import { loadDigits } from '../digits.mjs';
import { sampleProfileRss } from '../process-memory.mjs';
import { within } from './browser.mjs';

const SCALE = Number(process.env.TRAINYARD_BENCH_STORAGE_SCALE ?? 1);
const SETS = [
  { kind: 'digits', images: Math.round(100_000 * SCALE), shape: '28×28×1' },
  { kind: 'photos', images: Math.round(30_000 * SCALE), shape: '96×96×3' },
];
const STORES = (process.env.TRAINYARD_BENCH_STORAGE_STORES ?? 'indexeddb,opfs-file-per-shard,opfs-file-per-split').split(',');
const PHOTOS = 'tests/fixtures/photos';
const STEP_SECONDS = 180;
const SAMPLE_MEMORY = process.env.TRAINYARD_BENCH_STORAGE_MEMORY !== '0';
// Without it Chromium answers measureUserAgentSpecificMemory only after its next garbage collection (up to 20 s).
const ARGS = [...CHROMIUM_ARGS, '--enable-blink-features=ForceEagerMeasureMemory'];

export async function measure({ baseURL, print }) {
  const profile = mkdtempSync(join(tmpdir(), 'trainyard-storage-bench-'));
  const executablePath = findChromium();
  const context = await chromium.launchPersistentContext(profile, { headless: true, args: ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(new URL('bench/storage.html', baseURL).href);
    await page.waitForFunction(() => typeof globalThis.trainyardStorageBench === 'function');
    await prepare(page);
    for (const set of SETS) {
      const byStore = new Map();
      for (const store of STORES) {
        const r = await measureStore(page, store, set, profile);
        byStore.set(store, r);
        const common = { backend: r.write.backend, layout: r.write.layout, kind: set.kind, shape: set.shape, images: set.images, shards: r.write.shards, mb: round(r.write.bytes / 1e6) };
        print({
          name: `storage write ${set.kind} (${store})`, value: round(r.write.bytes / 1e6 / r.write.seconds), unit: 'MB/s', ...common,
          imagesPerSecond: round(r.write.images / r.write.seconds), seconds: round(r.write.seconds, 2), makeShardsSeconds: round(r.write.makeSeconds, 2),
          storedBytesPerImage: perImage(r.write.storedBytes, r.write.images), storedToRaw: perImage(r.write.storedBytes, r.write.bytes, 3),
          peakRendererRssMB: mb(r.writeMemory.peakRssBytes), pageAndWorkersMBAfter: mb(r.writeMemory.browserBytesAfter),
        });
        print({
          name: `storage read ${set.kind} (${store}, shuffled shards)`, value: round(r.read.bytes / 1e6 / r.read.seconds), unit: 'MB/s', ...common,
          imagesPerSecond: round(r.read.images / r.read.seconds), seconds: round(r.read.seconds, 2), firstShardMs: round(r.read.firstShardMs, 1),
          verified: r.read.verified, peakRendererRssMB: mb(r.readMemory.peakRssBytes), pageAndWorkersMBAfter: mb(r.readMemory.browserBytesAfter),
        });
      }
      const idb = byStore.get('indexeddb');
      for (const store of idb ? STORES.filter((s) => s !== 'indexeddb') : []) {
        const opfs = byStore.get(store);
        print({
          name: `storage ${set.kind}: ${store} ÷ indexeddb`, value: round(speed(opfs.read) / speed(idb.read), 2), unit: 'ratio (read MB/s)', backend: 'opfs/indexeddb',
          writeRatio: round(speed(opfs.write) / speed(idb.write), 2), firstShardRatio: round(opfs.read.firstShardMs / idb.read.firstShardMs, 2),
        });
      }
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Hands the worker the real digits and photos it derives every shard from. */
async function prepare(page) {
  const digits = loadDigits();
  const pixels = new Uint8Array(digits.length * 784);
  digits.forEach((d, i) => pixels.set(d.pixels, i * 784));
  const labels = Uint8Array.from(digits, (d) => d.label);
  const classes = readdirSync(PHOTOS).sort();
  const photos = classes.flatMap((name, label) => readdirSync(join(PHOTOS, name)).sort().map((f) => ({ bytes: readFileSync(join(PHOTOS, name, f)).toString('base64'), label })));
  await page.evaluate(async ({ pixels, labels, photos }) => {
    const bytes = (s) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
    globalThis.storageBench = globalThis.trainyardStorageBench();
    await globalThis.storageBench.prepare({ pixels: bytes(pixels), labels: bytes(labels) }, photos.map((p) => ({ bytes: bytes(p.bytes), label: p.label })));
  }, { pixels: Buffer.from(pixels).toString('base64'), labels: Buffer.from(labels).toString('base64'), photos });
}

/**
 * Write, read back, delete. Memory: the renderers' resident set (/proc, sampled every 250 ms through each phase, so
 * the peak), and the browser's own figure for the page and its workers at the end of each phase. The browser's
 * figure cannot be sampled during a phase: an eager measureUserAgentSpecificMemory while the worker holds OPFS sync
 * access handles hung the worker (Chromium, seen here on every photo run), so it is asked for only between calls.
 */
async function measureStore(page, store, set, profile) {
  const phase = async (work) => {
    const rss = sampleProfileRss(profile);
    const result = await work();
    const peakRssBytes = rss.stop().peak.page;
    const browser = SAMPLE_MEMORY ? await within('memory', STEP_SECONDS, () => page.evaluate(async () => (await performance.measureUserAgentSpecificMemory()).bytes)) : undefined;
    return [result, { peakRssBytes, browserBytesAfter: browser }];
  };
  const step = (what, work) => within(`${what} ${set.kind} (${store})`, STEP_SECONDS, work);
  const [write, writeMemory] = await phase(() => step('write', () => page.evaluate(([s, k, n]) => globalThis.storageBench.write(s, k, n), [store, set.kind, set.images])));
  const [read, readMemory] = await phase(() => step('read', () => page.evaluate(() => globalThis.storageBench.read(1))));
  await step('cleanup', () => page.evaluate(() => globalThis.storageBench.cleanup()));
  return { write, writeMemory, read, readMemory };
}



const perImage = (bytes, n, digits = 1) => (bytes === undefined || bytes === null ? undefined : round(bytes / n, digits));
const speed = (r) => r.bytes / r.seconds;
const mb = (bytes) => (bytes === undefined ? undefined : round(bytes / 1e6));
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
