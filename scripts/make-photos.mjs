// Builds the real-photo fixture tests/fixtures/photos/ (one folder per class, mixed sizes, JPEG and PNG) from
// photographs that Debian's python3-skimage and python3-sklearn packages ship: each class is random crops of one
// photo, seeded, so the same sources give the same files. The folder is committed (the sources need the network
// once); scripts/fixtures.mjs zips it into tests/fixtures/photos.zip. Sources and licences: tests/fixtures/photos/SOURCES.md.
// Usage: node scripts/make-photos.mjs [--sources <dir with the unpacked .debs>]   (Chromium crops and encodes)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { DEFAULT_SOURCES, ensureSources, PHOTO_CLASSES } from './photo-sources.mjs';
import { PHOTOS_DIR, writePhotosZip } from './photos-zip.mjs';
import { seededRandom } from './seeded-random.mjs';

const out = PHOTOS_DIR;
const seed = 12;
const perClass = 40;
const sourcesArg = process.argv.indexOf('--sources');
const sources = sourcesArg > 0 ? process.argv[sourcesArg + 1] : DEFAULT_SOURCES;

/** Where to crop and how to store one image: a crop of 25–70 % of the photo's short side, the aspect of the output. */
function plan(random, width, height, index) {
  const aspects = [4 / 3, 3 / 2, 16 / 9, 5 / 4, 1];
  const aspect = aspects[Math.floor(random() * aspects.length)];
  const portrait = random() < 0.25 && aspect !== 1;
  // PNG keeps every pixel, so PNGs are few and small: the committed fixture stays near 2 MB.
  const png = random() < 0.1;
  const long = png ? 96 + Math.floor(random() * 33) : 96 + Math.floor(random() * 105);
  const short = Math.round(long / aspect);
  const [w, h] = portrait ? [short, long] : [long, short];
  const cropShort = (0.25 + random() * 0.45) * Math.min(width, height);
  let [cw, ch] = w >= h ? [cropShort * (w / h), cropShort] : [cropShort, cropShort * (h / w)];
  const fit = Math.min(1, width / cw, height / ch);
  cw *= fit;
  ch *= fit;
  return {
    sx: random() * (width - cw), sy: random() * (height - ch), sw: cw, sh: ch, w, h,
    mirror: random() < 0.5, type: png ? 'image/png' : 'image/jpeg', quality: 0.8 + random() * 0.12,
    name: `${String(index + 1).padStart(3, '0')}.${png ? 'png' : 'jpg'}`,
  };
}

ensureSources(sources);
const executablePath = findChromium();
const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
const page = await browser.newPage();
rmSync(out, { recursive: true, force: true });
const random = seededRandom(seed);
let total = 0;
for (const photo of PHOTO_CLASSES) {
  const bytes = readFileSync(join(sources, photo.file)).toString('base64');
  const [width, height] = await page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
    globalThis.photo = bitmap;
    return [bitmap.width, bitmap.height];
  }, bytes);
  mkdirSync(join(out, photo.name), { recursive: true });
  for (let i = 0; i < perClass; i++) {
    // A crop with almost nothing in it (the black around the retina, empty sky) is drawn again: no one keeps those.
    for (let attempt = 0; ; attempt++) {
      const p = plan(random, width, height, i);
      const encoded = await page.evaluate(async (q) => {
        const canvas = new OffscreenCanvas(q.w, q.h);
        const ctx = canvas.getContext('2d');
        ctx.imageSmoothingQuality = 'high';
        if (q.mirror) ctx.setTransform(-1, 0, 0, 1, q.w, 0);
        ctx.drawImage(globalThis.photo, q.sx, q.sy, q.sw, q.sh, 0, 0, q.w, q.h);
        const { data } = ctx.getImageData(0, 0, q.w, q.h);
        let sum = 0;
        let sq = 0;
        for (let k = 0; k < data.length; k += 4) {
          const v = (data[k] + data[k + 1] + data[k + 2]) / 3;
          sum += v;
          sq += v * v;
        }
        const n = data.length / 4;
        const std = Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2));
        if (std < 12) return null;
        const blob = await canvas.convertToBlob({ type: q.type, quality: q.quality });
        const b = new Uint8Array(await blob.arrayBuffer());
        let s = '';
        for (let k = 0; k < b.length; k++) s += String.fromCharCode(b[k]);
        return btoa(s);
      }, p);
      if (encoded === null && attempt < 20) continue;
      if (encoded === null) throw new Error(`${photo.name}: no crop with content in 20 tries`);
      const file = Buffer.from(encoded, 'base64');
      writeFileSync(join(out, photo.name, `${photo.name}-${p.name}`), file);
      total += file.length;
      break;
    }
  }
}
await browser.close();
console.log(`${out}: ${PHOTO_CLASSES.length} classes × ${perClass} images, ${total} bytes`);
const zipped = await writePhotosZip();
console.log(`tests/fixtures/photos.zip: ${zipped.files} files, ${zipped.bytes} bytes`);
