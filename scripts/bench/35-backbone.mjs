// Pretrained backbones on real photos (tests/fixtures/photos: 8 classes × 40 crops of photos Debian's scikit-image
// and scikit-learn packages ship):
//  - the studio itself, in a fresh profile: the folder dropped with the Small CNN turned on beside the default grid,
//    so the shipped backbone's frozen head and a small CNN trained from scratch run on the same split; test and
//    validation accuracy of each (target: the backbone's head ≥ 95 % test accuracy), and the feature pass as the run
//    recorded it;
//  - feature extraction, images/s per backend, in the bench worker (the same code the training worker runs);
//  - once features are cached: the head on 1,000 images (the photos, mirrored, and centre crops) × 10 epochs
//    (target: under 5 s).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readStore } from './browser.mjs';

const PHOTOS = 'tests/fixtures/photos';
const BACKENDS = (process.env.TRAINYARD_BENCH_BACKENDS ?? 'wasm,webgpu,webgl').split(',');
/** Images timed per backend: software GPUs (SwiftShader) take seconds per image, so they get a few. */
const IMAGES = { wasm: 1000, webgpu: 16, webgl: 16, cpu: 8 };

export async function measure({ baseURL, launch, print }) {
  const browser = await launch();
  try {
    await inTheStudio(browser, baseURL, print);
    await perBackend(browser, baseURL, print);
  } finally {
    await browser.close();
  }
}

async function inTheStudio(browser, baseURL, print) {
  const page = await browser.newPage();
  await page.goto(baseURL);
  await page.getByTestId('backend').waitFor({ timeout: 120_000 });
  await page.getByText('Models and hyperparameter sets').click();
  await page.getByRole('checkbox', { name: 'Small CNN', exact: true }).check();
  const started = performance.now();
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [resolve(PHOTOS)], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: 400, y: 300, data });
  await cdp.detach();
  await page.getByTestId('import-preview').getByRole('button', { name: /^Import / }).click({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="run"][data-status="done"]').length >= 2, null, { timeout: 1_800_000, polling: 1000 });
  const seconds = (performance.now() - started) / 1000;
  const [dataset] = await readStore(page, 'datasets');
  const runs = await readStore(page, 'runs');
  const features = await readStore(page, 'features');
  for (const run of runs) {
    const trainSeconds = run.history.reduce((n, e) => n + e.seconds, 0);
    print({
      name: `photos: ${run.model.name} · ${run.hparams.name}`, value: round(run.testAccuracy * 100, 1), unit: '% test accuracy',
      target: run.model.backbone ? '≥ 95 %' : 'reported beside the backbone', met: run.model.backbone ? run.testAccuracy >= 0.95 : undefined,
      valAccuracy: round(Math.max(...run.history.map((e) => e.valAccuracy)) * 100, 1), validation: run.validation,
      backend: run.backend, epochs: run.history.length, trainingSeconds: round(trainSeconds, 2),
      images: dataset.report.images, shape: dataset.shape, classes: dataset.classes.length,
    });
  }
  for (const f of features) {
    print({ name: `photos: backbone features of the ${f.split} split (in the run)`, value: round(f.count / f.seconds, 1), unit: 'images/s', backend: f.backend, images: f.count, seconds: round(f.seconds, 2), featureSize: f.size });
  }
  print({ name: 'photos: drop to both runs done', value: round(seconds, 1), unit: 's' });
  await page.close();
}

/** The fixture's photos as base64 with their class index. */
function photoFiles() {
  const classes = readdirSync(PHOTOS).filter((d) => !d.includes('.')).sort();
  return { classes, files: classes.flatMap((c, label) => readdirSync(join(PHOTOS, c)).sort().map((f) => ({ label, base64: readFileSync(join(PHOTOS, c, f)).toString('base64') }))) };
}

async function perBackend(browser, baseURL, print) {
  const { classes, files } = photoFiles();
  let cached;
  for (const backend of BACKENDS) {
    const page = await browser.newPage();
    try {
      await page.goto(new URL('bench/train.html', baseURL).href);
      await page.waitForFunction(() => typeof globalThis.trainyardBench === 'function');
      const result = await page.evaluate(async ([name, photos, count, appBase, classCount, head]) => {
        // Decode to 224×224 RGB: each photo, mirrored, then a centre crop of 80 %, until `count` images.
        const canvas = new OffscreenCanvas(224, 224);
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        const bitmaps = await Promise.all(photos.map(async (p) => createImageBitmap(new Blob([Uint8Array.from(atob(p.base64), (c) => c.charCodeAt(0))]))));
        const pixels = new Uint8Array(count * 224 * 224 * 3);
        const labels = new Uint16Array(count);
        for (let i = 0; i < count; i++) {
          const variant = Math.floor(i / bitmaps.length) % 3;
          const b = bitmaps[i % bitmaps.length];
          ctx.setTransform(variant === 1 ? -1 : 1, 0, 0, 1, variant === 1 ? 224 : 0, 0);
          if (variant === 2) ctx.drawImage(b, b.width * 0.1, b.height * 0.1, b.width * 0.8, b.height * 0.8, 0, 0, 224, 224);
          else ctx.drawImage(b, 0, 0, 224, 224);
          const rgba = ctx.getImageData(0, 0, 224, 224).data;
          for (let p = 0; p < 224 * 224; p++) for (let c = 0; c < 3; c++) pixels[(i * 224 * 224 + p) * 3 + c] = rgba[p * 4 + c];
          labels[i] = photos[i % photos.length].label;
        }
        const bench = globalThis.trainyardBench();
        const choice = await bench.start(name);
        const features = await bench.backboneFeatures(pixels, count, appBase);
        const headRun = head ? await bench.headTiming(features.features, labels, features.size, classCount, 10) : undefined;
        return { detail: choice.detail, images: features.images, imagesPerSecond: features.imagesPerSecond, seconds: features.seconds, headRun };
      }, [backend, files, IMAGES[backend] ?? 8, baseURL, classes.length, backend === 'wasm']);
      print({ name: `backbone features (Chromium worker, ${backend})`, value: round(result.imagesPerSecond, 1), unit: 'images/s', backend: `${backend} (${result.detail})`, images: result.images, seconds: round(result.seconds, 2) });
      if (result.headRun) {
        cached = result.headRun;
        print({
          name: 'head on cached features: 1,000 images × 10 epochs', value: round(cached.seconds, 2), unit: 's', target: '< 5 s', met: cached.seconds < 5,
          backend: `${cached.backend} (${result.detail})`, images: cached.images, epochs: cached.epochs, trainAccuracy: round(cached.trainAccuracy, 4),
        });
      }
    } catch (error) {
      print({ name: `backbone features (Chromium worker, ${backend})`, error: String(error?.message ?? error).slice(0, 300) });
    } finally {
      await page.close();
    }
  }
}

const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
