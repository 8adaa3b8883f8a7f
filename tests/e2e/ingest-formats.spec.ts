import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { expect, test, type Page } from '@playwright/test';
import { loadDigits } from '../support/digits';
import { grayBmp, grayGif } from './image-files';
import { importFromPreview, readStore, type StoredDataset } from './ingest-support';
import { readShards } from './support';

const digits = loadDigits(4);
const pixelsOf = (i: number) => (digits[i] as { pixels: Uint8Array }).pixels;

/** JPEG or WebP bytes of a digit, drawn at `scale` times its size by the browser's own encoder. */
async function encodeInBrowser(page: Page, pixels: Uint8Array, type: string, scale: number): Promise<Uint8Array> {
  const bytes = await page.evaluate(async ({ pixels, type, scale }) => {
    const canvas = new OffscreenCanvas(28 * scale, 28 * scale);
    const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    const image = new ImageData(28, 28);
    pixels.forEach((v, i) => image.data.set([v, v, v, 255], i * 4));
    const small = new OffscreenCanvas(28, 28);
    (small.getContext('2d') as OffscreenCanvasRenderingContext2D).putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, 28 * scale, 28 * scale);
    return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type, quality: 1 })).arrayBuffer()));
  }, { pixels: Array.from(pixels), type, scale });
  return Uint8Array.from(bytes);
}

const meanDifference = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + Math.abs(v - (b[i] as number)), 0) / a.length;

test('PNG, JPEG, WebP, GIF (first frame) and BMP of mixed sizes decode to one gray shape close to the real digit', async ({ page }) => {
  await page.goto('/');
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-')), 'formats');
  const write = (path: string, bytes: Uint8Array) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  };
  const inverted = pixelsOf(2).map((v) => 255 - v);
  write('png/a.png', encode({ width: 28, height: 28, data: pixelsOf(0), channels: 1, depth: 8 }));
  write('png/b.png', encode({ width: 28, height: 28, data: pixelsOf(1), channels: 1, depth: 8 }));
  write('gif/a.gif', grayGif([pixelsOf(2), inverted], 28, 28));
  write('bmp/a.bmp', grayBmp(pixelsOf(3), 28, 2));
  write('jpeg/a.jpg', await encodeInBrowser(page, pixelsOf(0), 'image/jpeg', 1));
  write('webp/a.webp', await encodeInBrowser(page, pixelsOf(1), 'image/webp', 3));
  for (const name of ['png/c.png', 'gif/c.gif', 'bmp/c.bmp', 'jpeg/c.jpg', 'webp/c.webp']) write(name, encode({ width: 28, height: 28, data: pixelsOf(3), channels: 1, depth: 8 }));

  await page.getByTestId('folder-input').setInputFiles(dir);
  await importFromPreview(page, 'formats', 'class-folders');
  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.report.skipped).toEqual([]);
  expect(dataset?.report.images).toBe(11);
  expect(dataset?.shape).toEqual([28, 28, 1]);

  const shards = await readShards(page);
  const stored = new Map(shards.flatMap((s) => s.paths.map((p, i) => [p, s.pixels.subarray(i * 784, (i + 1) * 784)] as const)));
  expect(stored.get('formats/png/a.png')).toEqual(pixelsOf(0));
  expect(stored.get('formats/gif/a.gif')).toEqual(pixelsOf(2));
  expect(meanDifference(stored.get('formats/bmp/a.bmp') as Uint8Array, pixelsOf(3))).toBeLessThan(8);
  expect(meanDifference(stored.get('formats/jpeg/a.jpg') as Uint8Array, pixelsOf(0))).toBeLessThan(8);
  expect(meanDifference(stored.get('formats/webp/a.webp') as Uint8Array, pixelsOf(1))).toBeLessThan(12);
});

test('a colour image makes the dataset RGB, and the aspect policy decides between letterbox and centre crop', async ({ page }) => {
  // 84×28: a red square, the digit, a blue square.
  const wide = new Uint8Array(84 * 28 * 3);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 84; x++) {
      const v = pixelsOf(0)[y * 28 + (x % 28)] as number;
      wide.set(x < 28 ? [220, 0, 0] : x >= 56 ? [0, 0, 220] : [v, v, v], (y * 84 + x) * 3);
    }
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-')), 'colour');
  mkdirSync(join(dir, 'wide'), { recursive: true });
  mkdirSync(join(dir, 'digit'), { recursive: true });
  writeFileSync(join(dir, 'wide/a.png'), encode({ width: 84, height: 28, data: wide, channels: 3, depth: 8 }));
  writeFileSync(join(dir, 'digit/a.png'), encode({ width: 28, height: 28, data: pixelsOf(1), channels: 1, depth: 8 }));
  writeFileSync(join(dir, 'digit/b.png'), encode({ width: 28, height: 28, data: pixelsOf(2), channels: 1, depth: 8 }));

  const importWith = async (policy: string) => {
    await page.goto('/');
    await page.evaluate(() => indexedDB.deleteDatabase('trainyard'));
    await page.reload();
    await page.getByTestId('folder-input').setInputFiles(dir);
    await page.getByTestId('import-preview').getByLabel('Other aspect ratios').selectOption(policy);
    await importFromPreview(page, 'colour', 'class-folders');
    const [dataset] = await readStore<StoredDataset>(page, 'datasets');
    const shards = await readShards(page);
    const shard = shards.find((s) => s.paths.includes('colour/wide/a.png')) as { paths: string[]; pixels: Uint8Array };
    const size = 28 * 28 * (dataset?.shape[2] ?? 0);
    const at = shard.paths.indexOf('colour/wide/a.png') * size;
    return { shape: dataset?.shape, pixels: shard.pixels.slice(at, at + size) };
  };
  // Letterbox: the whole 84×28 strip shrinks to 28×~9 in the middle, black above; its left end is red.
  const letterbox = await importWith('letterbox');
  expect(letterbox.shape).toEqual([28, 28, 3]);
  expect(Array.from(letterbox.pixels.subarray(0, 3))).toEqual([0, 0, 0]);
  const [r, g, b] = letterbox.pixels.subarray((14 * 28 + 1) * 3, (14 * 28 + 1) * 3 + 3);
  expect(r).toBeGreaterThan(150);
  expect(g! + b!).toBeLessThan(60);
  // Centre crop: only the digit in the middle third is left; every image is then gray, so one channel.
  const crop = await importWith('crop');
  expect(crop.shape).toEqual([28, 28, 1]);
  expect(meanDifference(crop.pixels, pixelsOf(0))).toBeLessThan(2);
});
