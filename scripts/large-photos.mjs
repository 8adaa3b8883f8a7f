// Real photos cut into many small colour images (issue 15's 30,000 of 96×96×3): seeded random square crops
// (20–60 % of the photo's short side, half of them mirrored) of the eight photographs in scripts/photo-sources.mjs,
// one class per photograph, scaled to the side asked for and saved as JPEG by Chromium (its libjpeg, quality 85–92 %).
// A crop with almost nothing in it (the black around the retina, empty sky) is drawn again.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { ensureSources, PHOTO_CLASSES } from './photo-sources.mjs';
import { seededRandom } from './seeded-random.mjs';

const BATCH = 250;
const MIN_SPREAD = 12;

/** Writes `count` crops (an equal share per class) into `dir`/<class>/<class>-00001.jpg …; resolves to the bytes written. */
export async function writePhotoCrops(dir, { count, side = 96, seed = 15 }) {
  const photosOf = sourcePhotos();
  const executablePath = findChromium();
  const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  let bytes = 0;
  try {
    const page = await browser.newPage();
    for (const [index, photo] of PHOTO_CLASSES.entries()) {
      const photos = photosOf(photo);
      let [width, height] = await loadPhoto(page, photos[0]);
      // One stream per class: a smaller set's files of a class are the first files of a larger one's.
      const random = seededRandom(seed * 1000 + index);
      const share = Math.floor(count / PHOTO_CLASSES.length) + (index < count % PHOTO_CLASSES.length ? 1 : 0);
      mkdirSync(join(dir, photo.name), { recursive: true });
      for (let start = 0; start < share; start += BATCH) {
        if (photos.length > 1 && start > 0) [width, height] = await loadPhoto(page, photos[(start / BATCH) % photos.length]);
        const files = await cropBatch(page, random, width, height, side, Math.min(BATCH, share - start));
        files.forEach((file, k) => {
          writeFileSync(join(dir, photo.name, `${photo.name}-${String(start + k + 1).padStart(5, '0')}.jpg`), file);
          bytes += file.length;
        });
      }
    }
  } finally {
    await browser.close();
  }
  return bytes;
}

/**
 * The photographs of each class: the full ones from Debian's packages, or, where they cannot be had (no apt-get,
 * no network), the real-photo fixture's crops of them (tests/fixtures/photos, committed), taken in turn.
 */
function sourcePhotos() {
  try {
    const sources = ensureSources();
    return (photo) => [readFileSync(join(sources, photo.file))];
  } catch (error) {
    console.error(`The full photographs could not be had (${error.message}); cropping the fixture's photos instead.`);
    const fixture = new URL('../tests/fixtures/photos/', import.meta.url).pathname;
    return (photo) => readdirSync(join(fixture, photo.name)).sort().map((f) => readFileSync(join(fixture, photo.name, f)));
  }
}

async function loadPhoto(page, bytes) {
  return page.evaluate(async (b64) => {
    globalThis.photo?.close();
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
    globalThis.photo = bitmap;
    return [bitmap.width, bitmap.height];
  }, bytes.toString('base64'));
}

/** `n` crops; plans whose crop proves empty are replaced by new draws until every slot holds one. */
async function cropBatch(page, random, width, height, side, n) {
  const plan = () => {
    const crop = (0.2 + random() * 0.4) * Math.min(width, height);
    return { sx: random() * (width - crop), sy: random() * (height - crop), size: crop, mirror: random() < 0.5, quality: 0.85 + random() * 0.07 };
  };
  const out = new Array(n).fill(null);
  for (let attempt = 0; out.includes(null); attempt++) {
    if (attempt > 20) throw new Error('no crop with content in 20 tries');
    const slots = out.flatMap((file, i) => (file === null ? [i] : []));
    const encoded = await page.evaluate(encodeCrops, { plans: slots.map(plan), side, minSpread: MIN_SPREAD });
    slots.forEach((slot, k) => {
      if (encoded[k] !== null) out[slot] = Buffer.from(encoded[k], 'base64');
    });
  }
  return out;
}

/** In the page: each plan drawn from the loaded photo to side × side, JPEG as base64, or null for a flat crop. */
async function encodeCrops({ plans, side, minSpread }) {
  const canvas = new OffscreenCanvas(side, side);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const results = [];
  for (const q of plans) {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingQuality = 'high';
    if (q.mirror) ctx.setTransform(-1, 0, 0, 1, side, 0);
    ctx.drawImage(globalThis.photo, q.sx, q.sy, q.size, q.size, 0, 0, side, side);
    const { data } = ctx.getImageData(0, 0, side, side);
    let sum = 0;
    let sq = 0;
    for (let k = 0; k < data.length; k += 4) {
      const v = (data[k] + data[k + 1] + data[k + 2]) / 3;
      sum += v;
      sq += v * v;
    }
    const n = data.length / 4;
    if (Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2)) < minSpread) {
      results.push(null);
      continue;
    }
    const b = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: q.quality })).arrayBuffer());
    let s = '';
    for (let k = 0; k < b.length; k++) s += String.fromCharCode(b[k]);
    results.push(btoa(s));
  }
  return results;
}
