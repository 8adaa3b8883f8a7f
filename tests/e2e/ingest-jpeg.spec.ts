// Small JPEGs at the target size are decoded in the ingest worker by libjpeg-turbo in WebAssembly (src/ingest/
// jpeg-wasm), the rest by the browser. Either way a file must give the browser's own pixels, or every JPEG
// dataset's content id would change: here each variant is imported and compared, byte for byte, with what the
// browser's decoder makes of the same file in the page.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import encode, { init } from '@jsquash/jpeg/encode.js';
import { expect, test, type Page } from '@playwright/test';
import { importFromPreview, readStore, type StoredDataset } from './ingest-support';
import { readShards } from './support';

const W = 48;
const H = 40;

/** A real photo of the fixture drawn at W × H by the browser, as RGBA. */
function photoPixels(page: Page, jpeg: Buffer): Promise<number[]> {
  return page.evaluate(async ({ bytes, W, H }) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(bytes)]));
    const ctx = new OffscreenCanvas(W, H).getContext('2d') as OffscreenCanvasRenderingContext2D;
    ctx.drawImage(bitmap, 0, 0, W, H);
    return Array.from(ctx.getImageData(0, 0, W, H).data);
  }, { bytes: Array.from(jpeg), W, H });
}

/** The same photo as Chromium's canvas encodes it (with its sRGB profile). */
function canvasJpeg(page: Page, rgba: number[]): Promise<Uint8Array> {
  return page.evaluate(async ({ rgba, W, H }) => {
    const canvas = new OffscreenCanvas(W, H);
    (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D).putImageData(new ImageData(Uint8ClampedArray.from(rgba), W, H), 0, 0);
    return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer()));
  }, { rgba, W, H }).then((bytes) => Uint8Array.from(bytes));
}

/** What the browser's decoder gives for `bytes` at W × H, letterboxed as the studio does, as RGBA. */
function browserPixels(page: Page, bytes: Uint8Array): Promise<number[]> {
  return page.evaluate(async ({ bytes, W, H }) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(bytes)]));
    const ctx = new OffscreenCanvas(W, H).getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
    ctx.imageSmoothingQuality = 'high';
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, W, H);
    const scale = Math.min(W / bitmap.width, H / bitmap.height);
    ctx.drawImage(bitmap, (W - bitmap.width * scale) / 2, (H - bitmap.height * scale) / 2, bitmap.width * scale, bitmap.height * scale);
    return Array.from(ctx.getImageData(0, 0, W, H).data);
  }, { bytes: Array.from(bytes), W, H });
}

/** An EXIF block (big-endian TIFF, one entry: the orientation) put right after the start-of-image marker. */
function withOrientation(jpeg: Uint8Array, orientation: number): Uint8Array {
  const body = [...'Exif\0\0MM'].map((c) => c.charCodeAt(0)).concat([0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0]);
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0, body.length + 2, ...body, ...jpeg.subarray(2)]);
}

const rgbOf = (rgba: number[]) => rgba.filter((_, i) => i % 4 !== 3);

test('JPEGs at the target size give the browser\'s own pixels, decoded in the worker or by the browser', async ({ page }) => {
  await page.goto('/');
  const rgba = await photoPixels(page, readFileSync('tests/fixtures/photos/flower/flower-002.jpg'));
  await init(await WebAssembly.compile(readFileSync('node_modules/@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm')));
  const image = { data: Uint8ClampedArray.from(rgba), width: W, height: H, colorSpace: 'srgb' as const };
  const mozjpeg = async (options: Record<string, unknown>) => new Uint8Array(await encode(image, options));
  const files = new Map<string, Uint8Array>([
    ['baseline-444.jpg', await mozjpeg({ quality: 92, progressive: false, baseline: true, auto_subsample: false, chroma_subsample: 1 })],
    ['progressive-420.jpg', await mozjpeg({ quality: 75, progressive: true, auto_subsample: false, chroma_subsample: 2 })],
    ['gray.jpg', await mozjpeg({ quality: 85, color_space: 1 })],
    ['canvas.jpg', await canvasJpeg(page, rgba)],
  ]);
  // Turned a quarter by its EXIF orientation: only the browser does that.
  files.set('rotated.jpg', withOrientation(files.get('baseline-444.jpg') as Uint8Array, 6));

  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-')), 'jpegs');
  for (const [name, bytes] of files) {
    mkdirSync(join(dir, name.replace('.jpg', '')), { recursive: true });
    writeFileSync(join(dir, name.replace('.jpg', ''), name), bytes);
  }
  // The images are decoded in a decode worker beside the ingest worker (src/ingest/decode-pool).
  const decoders: string[] = [];
  page.on('worker', (worker) => void (worker.url().includes('decode.worker') && decoders.push(worker.url())));
  await page.getByTestId('folder-input').setInputFiles(dir);
  const preview = page.getByTestId('import-preview');
  await preview.getByRole('spinbutton', { name: 'Width' }).fill(String(W));
  await preview.getByRole('spinbutton', { name: 'Height' }).fill(String(H));
  await importFromPreview(page, 'jpegs', 'class-folders');
  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.report.skipped).toEqual([]);
  expect(dataset?.shape).toEqual([H, W, 3]);

  const stored = new Map((await readShards(page)).flatMap((s) => s.paths.map((p, i) => [p, Array.from(s.pixels.subarray(i * W * H * 3, (i + 1) * W * H * 3))] as const)));
  for (const [name, bytes] of files) {
    const path = `jpegs/${name.replace('.jpg', '')}/${name}`;
    expect(stored.get(path), name).toEqual(rgbOf(await browserPixels(page, bytes)));
  }
  expect(decoders.length).toBeGreaterThan(0);
  // The rotated file really was turned (and letterboxed), not decoded as stored.
  expect(stored.get('jpegs/rotated/rotated.jpg')).not.toEqual(stored.get('jpegs/baseline-444/baseline-444.jpg'));
});
