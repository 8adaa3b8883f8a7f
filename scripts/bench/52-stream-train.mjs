// Streaming training against in-memory training (issue 15, point 2): in the bench worker of bench/train.html on
// WASM, 100,000 real-based 28×28 digits (the real ones with seeded shifts of up to 2 pixels and turns of up to 12°) are
// stored through DatasetStore as an import stores them (4,096 to a shard), then one epoch of a zoo model trains on them
// streamed from the stored shards and held in memory, with 2,000 real test digits as validation. Prints samples/s of
// each, the ratio (target ≥ 0.9), the time to the first batch, and the renderers' peak resident memory (the page and
// its worker) through each epoch. The browser runs on a profile on disk, so reads come from disk as a user's would.
// TRAINYARD_BENCH_STREAM_IMAGES (default 100000), TRAINYARD_BENCH_STREAM_MODEL (default small-cnn; cnn_model trains
// at ~140 samples/s on WASM here, 12 minutes an epoch), TRAINYARD_BENCH_STREAM_BATCH (default 64),
// TRAINYARD_BENCH_STREAM_ROUNDS (default 2: epochs per path, in alternating order; the ratio is of the medians).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../chromium.mjs';
import { loadDigits } from '../digits.mjs';
import { sampleProfileRss } from '../process-memory.mjs';

const IMAGES = Number(process.env.TRAINYARD_BENCH_STREAM_IMAGES ?? 100_000);
const MODEL = process.env.TRAINYARD_BENCH_STREAM_MODEL ?? 'small-cnn';
const BATCH = Number(process.env.TRAINYARD_BENCH_STREAM_BATCH ?? 64);
const ROUNDS = Number(process.env.TRAINYARD_BENCH_STREAM_ROUNDS ?? 2);
const TEST_IMAGES = 2_000;

export async function measure({ baseURL, print }) {
  const profile = mkdtempSync(join(tmpdir(), 'trainyard-stream-bench-'));
  const executablePath = findChromium();
  const context = await chromium.launchPersistentContext(profile, { headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(new URL('bench/train.html', baseURL).href);
    await page.waitForFunction(() => typeof globalThis.trainyardBench === 'function');
    const choice = await page.evaluate(async () => {
      globalThis.bench = globalThis.trainyardBench();
      const c = await globalThis.bench.start('wasm');
      return `${c.name} (${c.detail ?? ''})`;
    });
    const digits = loadDigits();
    const pixels = new Uint8Array(digits.length * 784);
    digits.forEach((d, i) => pixels.set(d.pixels, i * 784));
    const labels = Uint8Array.from(digits, (d) => d.label);
    const stored = await page.evaluate(async ([p, l, n, t]) => {
      const bytes = (s) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
      return globalThis.bench.streamStore(bytes(p), bytes(l), n, t);
    }, [Buffer.from(pixels).toString('base64'), Buffer.from(labels).toString('base64'), IMAGES, TEST_IMAGES]);
    // Warm-up: the model's WASM kernels are set up on their first steps, which would count against whichever epoch ran first.
    await page.evaluate(async ([p, l, model, batch]) => {
      const bytes = (s) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
      await globalThis.bench.run({ modelId: model, batchSize: batch, pixels: bytes(p), labels: bytes(l), seconds: 3, minSteps: 10 });
    }, [Buffer.from(pixels.subarray(0, 2000 * 784)).toString('base64'), Buffer.from(labels.subarray(0, 2000)).toString('base64'), MODEL, BATCH]);
    const byMode = new Map([['stream', []], ['memory', []]]);
    // Streamed first (the in-memory epoch then cannot gain from a disk cache the streamed one warmed), then the order
    // alternates round by round, so a machine whose load changes does not always favour the same path.
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? ['stream', 'memory'] : ['memory', 'stream']) {
        const rss = sampleProfileRss(profile);
        const r = await page.evaluate(([id, m, model, batch]) => globalThis.bench.streamEpoch(id, m, model, batch), [stored.datasetId, mode, MODEL, BATCH]);
        const peak = rss.stop().peak.page;
        byMode.get(mode).push(r);
        print({
          name: `train ${MODEL} one epoch, ${mode === 'stream' ? 'streamed from stored shards' : 'held in memory'} (Chromium worker, wasm)`,
          value: round1(r.samplesPerSecond), unit: 'samples/s', backend: choice, round, images: r.images, batchSize: BATCH, shards: stored.shards,
          firstBatchSeconds: round1(r.loadSeconds, 2), batchWaitSeconds: round1(r.batchWaitSeconds, 2), epochSeconds: round1(r.epochSeconds, 1), loss: round1(r.loss, 4), valAccuracy: round1(r.valAccuracy, 4),
          peakRendererRssMB: round1(peak / 1e6), storeSeconds: round1(stored.seconds, 1), note: 'taken on a shared, loaded 2-core machine unless run quiet',
        });
      }
    }
    const median = (list) => {
      const sorted = [...list].sort((a, b) => a - b);
      const mid = sorted.length / 2;
      return Number.isInteger(mid) ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[Math.floor(mid)];
    };
    const rate = (mode) => median(byMode.get(mode).map((r) => r.samplesPerSecond));
    const losses = new Set([...byMode.values()].flat().map((r) => r.loss));
    print({ name: `train ${MODEL}: streamed ÷ in memory`, value: round1(rate('stream') / rate('memory'), 3), unit: 'ratio (samples/s, medians)', backend: choice, rounds: ROUNDS, target: 0.9, sameLoss: losses.size === 1 });
    await page.evaluate((id) => globalThis.bench.streamDelete(id), stored.datasetId);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function round1(x, digits = 0) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
