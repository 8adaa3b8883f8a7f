// Image bytes → pixels of the target size. Small PNGs already at the target size go through a pure-JS
// decoder (png-simple, bounded by the size its header declares) and plain JPEGs at the target size through
// libjpeg-turbo in WebAssembly (jpeg-wasm), both with the browser's pixels and without its per-call overhead;
// everything else through createImageBitmap + OffscreenCanvas, with the chosen aspect policy.
// Callers check the declared size against the budget (core/input-budget) before calling; the checks here
// only keep a caller that forgot from decoding a bomb.
import { imageSizeProblem } from '../core/input-budget';
import type { ImageFormat } from '../core/image-header';
import { decodePlainJpeg } from './jpeg-wasm';
import { decodeSimplePng, pngStreamProblem } from './png-simple';

export type ResizePolicy = 'letterbox' | 'crop';

export interface Decoded {
  /** width × height × channels bytes. */
  pixels: Uint8Array;
  channels: 1 | 3;
}

/** The synchronous path: a PNG already at the target size, decoded in JS. Undefined when it does not apply. */
export function decodeFast(bytes: Uint8Array, format: ImageFormat, width: number, height: number, srcWidth: number, srcHeight: number): Decoded | undefined {
  return format === 'png' && srcWidth === width && srcHeight === height ? decodePngFast(bytes) : undefined;
}

/** An image refused before decoding, with the reason to show as it is (not as "could not be decoded"). */
export class RefusedImage extends Error {}

export async function decodeImage(bytes: Uint8Array, format: ImageFormat, width: number, height: number, policy: ResizePolicy, srcWidth: number, srcHeight: number): Promise<Decoded> {
  const tooLarge = imageSizeProblem(srcWidth, srcHeight) ?? imageSizeProblem(width, height);
  if (tooLarge) throw new RefusedImage(tooLarge);
  // The browser's decoder ignores a pixel stream that goes on past the image; such a file is refused here.
  const stream = format === 'png' ? pngStreamProblem(bytes) : undefined;
  if (stream) throw new RefusedImage(stream);
  const fast = decodeFast(bytes, format, width, height, srcWidth, srcHeight);
  if (fast) return fast;
  if (format === 'jpeg' && srcWidth === width && srcHeight === height) {
    const rgba = await decodePlainJpeg(bytes, width, height);
    if (rgba) return toGrayIfGray(rgba, width * height, 4);
  }
  return decodeWithCanvas(bytes, width, height, policy);
}

function decodePngFast(bytes: Uint8Array): Decoded | undefined {
  let png: { width: number; height: number; channels: number; data: ArrayLike<number> } | undefined;
  try {
    // Palette, 16-bit and interlaced PNGs go to the browser, whose decoder stops at the declared size.
    png = decodeSimplePng(bytes);
    if (!png) return undefined;
  } catch {
    return undefined; // let the browser try, and name the failure if it fails too
  }
  const n = png.width * png.height;
  const data = png.data;
  const ch = png.channels;
  // The decoders hand back fresh arrays: a gray image needs no copy.
  if (ch === 1) return { pixels: data instanceof Uint8Array && data.length === n ? data : Uint8Array.from({ length: n }, (_, i) => data[i] as number), channels: 1 };
  if (ch === 2) return { pixels: Uint8Array.from({ length: n }, (_, i) => Math.round(((data[i * 2] as number) * (data[i * 2 + 1] as number)) / 255)), channels: 1 };
  return toGrayIfGray(data, n, ch);
}

/**
 * One canvas per target size, kept: making a canvas and its 2D context costs more than drawing a small image into
 * it. Sharing it is safe because everything between the awaited decode and reading the pixels back is synchronous.
 */
let canvasCache: { width: number; height: number; ctx: OffscreenCanvasRenderingContext2D } | undefined;

function canvasOf(width: number, height: number): OffscreenCanvasRenderingContext2D {
  if (canvasCache?.width === width && canvasCache.height === height) return canvasCache.ctx;
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas in this worker');
  ctx.imageSmoothingQuality = 'high';
  canvasCache = { width, height, ctx };
  return ctx;
}

async function decodeWithCanvas(bytes: Uint8Array, width: number, height: number, policy: ResizePolicy): Promise<Decoded> {
  // Not WebCodecs' ImageDecoder, though it imported 30,000 small JPEGs twice as fast: its frames drawn to a canvas
  // differ from createImageBitmap's by up to 72 levels at colour edges, which would change every JPEG dataset's id
  // (jpeg-wasm's libjpeg-turbo matches the browser exactly, so small plain JPEGs take that path instead).
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
  try {
    const ctx = canvasOf(width, height);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
    const scale = policy === 'crop' ? Math.max(width / bitmap.width, height / bitmap.height) : Math.min(width / bitmap.width, height / bitmap.height);
    const dw = bitmap.width * scale;
    const dh = bitmap.height * scale;
    ctx.drawImage(bitmap, (width - dw) / 2, (height - dh) / 2, dw, dh);
    return toGrayIfGray(ctx.getImageData(0, 0, width, height).data, width * height, 4);
  } finally {
    bitmap.close();
  }
}

/** RGB(A) → one channel when every pixel is gray, else RGB. Alpha is composited on black. */
function toGrayIfGray(data: ArrayLike<number>, n: number, channels: number): Decoded {
  let gray = true;
  for (let i = 0; i < n && gray; i++) {
    const o = i * channels;
    if (data[o] !== data[o + 1] || data[o] !== data[o + 2]) gray = false;
  }
  const opaque = channels === 4 && isBytes(data) ? opaqueWithoutAlpha(data, n, gray) : undefined;
  if (opaque) return { pixels: opaque, channels: gray ? 1 : 3 };
  const hasAlpha = channels === 4;
  const out = new Uint8Array(n * (gray ? 1 : 3));
  for (let i = 0; i < n; i++) {
    const o = i * channels;
    const a = hasAlpha ? (data[o + 3] as number) / 255 : 1;
    if (gray) out[i] = Math.round((data[o] as number) * a);
    else for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round((data[o + c] as number) * a);
  }
  return { pixels: out, channels: gray ? 1 : 3 };
}

const isBytes = (data: ArrayLike<number>): data is Uint8Array | Uint8ClampedArray => data instanceof Uint8Array || data instanceof Uint8ClampedArray;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The bytes toGrayIfGray's loop makes for an opaque image (alpha 1 changes nothing), without its arithmetic: four
 * pixels read as four 32-bit words become three words of RGB (or one of gray), and alpha is checked once for the
 * whole image; undefined when a pixel is not opaque.
 */
function opaqueWithoutAlpha(rgba: Uint8Array | Uint8ClampedArray, n: number, gray: boolean): Uint8Array | undefined {
  const out = new Uint8Array(n * (gray ? 1 : 3));
  if (!LITTLE_ENDIAN || rgba.byteOffset % 4 !== 0) {
    const step = gray ? 1 : 3;
    for (let i = 0; i < n; i++) {
      if (rgba[i * 4 + 3] !== 255) return undefined;
      for (let c = 0; c < step; c++) out[i * step + c] = rgba[i * 4 + c] as number;
    }
    return out;
  }
  const words = new Uint32Array(rgba.buffer, rgba.byteOffset, n);
  const quads = n >>> 2;
  let alpha = -1;
  if (gray) {
    const grays = new Uint32Array(out.buffer, 0, quads);
    for (let q = 0, i = 0; q < quads; q++, i += 4) {
      const a = words[i] as number, b = words[i + 1] as number, c = words[i + 2] as number, d = words[i + 3] as number;
      alpha &= a & b & c & d;
      grays[q] = (a & 0xff) | ((b & 0xff) << 8) | ((c & 0xff) << 16) | (d << 24);
    }
    for (let i = quads * 4; i < n; i++) {
      const v = words[i] as number;
      alpha &= v;
      out[i] = v;
    }
    return alpha >>> 24 === 255 ? out : undefined;
  }
  const rgb = new Uint32Array(out.buffer, 0, quads * 3);
  for (let q = 0, i = 0, o = 0; q < quads; q++, i += 4, o += 3) {
    const a = words[i] as number, b = words[i + 1] as number, c = words[i + 2] as number, d = words[i + 3] as number;
    alpha &= a & b & c & d;
    rgb[o] = (a & 0xffffff) | (b << 24);
    rgb[o + 1] = ((b >>> 8) & 0xffff) | (c << 16);
    rgb[o + 2] = ((c >>> 16) & 0xff) | (d << 8);
  }
  for (let i = quads * 4, p = quads * 12; i < n; i++, p += 3) {
    const v = words[i] as number;
    alpha &= v;
    out[p] = v;
    out[p + 1] = v >>> 8;
    out[p + 2] = v >>> 16;
  }
  return alpha >>> 24 === 255 ? out : undefined;
}
