// The common PNG (8 bits, not interlaced, gray, gray+alpha, RGB or RGBA) decoded with fflate into buffers of
// the exact size. fast-png decodes the same files, but its streaming inflater allocates per image, which in
// a browser worker made it ten times slower than this on the 10,000 digits (see scripts/bench/10-ingest.mjs).
// Anything else (palette, 16 bits, interlaced) is left to the browser. The pixel stream is inflated into a
// buffer of the size the header declares, and inflation stops there: a small file whose stream expands to
// gigabytes costs no more memory than its declared image, which the caller has already budgeted.
import { inflateWithinSync } from '../core/bounded-inflate';
import { concatBytes } from '../core/bytes';
import { formatSize, imageSizeProblem, pngStreamBytes } from '../core/input-budget';

export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}

const CHANNELS: Record<number, RawImage['channels']> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Undefined when the PNG is of a kind not handled here; throws when it is corrupt or truncated. */
export function decodeSimplePng(bytes: Uint8Array): RawImage | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || view.getUint32(12) !== 0x49484452) return undefined; // no IHDR first
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const channels = CHANNELS[bytes[25] as number];
  if (bytes[24] !== 8 || bytes[28] !== 0 || !channels) return undefined;
  const tooLarge = imageSizeProblem(width, height);
  if (tooLarge) throw new Error(tooLarge);
  const stride = width * channels;
  // A zlib stream: two header bytes, raw deflate, then a checksum that inflation stops before.
  const raw = inflateWithinSync(pixelStream(bytes, view).subarray(2), height * (stride + 1));
  if (raw.length !== height * (stride + 1)) throw new Error('truncated PNG: its image data is short');
  return { width, height, channels, data: unfilter(raw, width, height, channels) };
}

/**
 * For PNGs left to the browser (palette, 16-bit, interlaced): why its pixel stream is refused (it expands past
 * what its header declares, or is short), else undefined. Inflates at most the declared size plus one byte.
 */
export function pngStreamProblem(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || view.getUint32(12) !== 0x49484452) return undefined;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const tooLarge = imageSizeProblem(width, height);
  if (tooLarge) return tooLarge;
  const declared = pngStreamBytes(width, height, bytes[25] as number, bytes[24] as number, bytes[28] === 1);
  if (!Number.isFinite(declared)) return undefined; // the browser names what is wrong with the header
  const overflow = `corrupt PNG: its pixel data expands past the ${formatSize(declared)} its header declares`;
  try {
    if (inflateWithinSync(pixelStream(bytes, view).subarray(2), declared + 1).length > declared) return overflow;
  } catch (error) {
    // Anything else (a truncated file, a broken stream) the browser's decoder reports as it always has.
    return error instanceof Error && error.message.includes('expands past') ? overflow : undefined;
  }
  return undefined;
}

/** The IDAT chunks joined: the zlib stream of the pixels. */
function pixelStream(bytes: Uint8Array, view: DataView): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 8;
  for (;;) {
    if (at + 8 > bytes.length) throw new Error('truncated PNG: it ends before its IEND chunk');
    const length = view.getUint32(at);
    const type = view.getUint32(at + 4);
    if (at + 12 + length > bytes.length) throw new Error('truncated PNG: a chunk runs past the end of the file');
    if (type === 0x49444154) parts.push(bytes.subarray(at + 8, at + 8 + length)); // IDAT
    if (type === 0x49454e44) break; // IEND
    at += 12 + length;
  }
  return parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(parts);
}

/** Undoes the per-row PNG filters (None, Sub, Up, Average, Paeth). */
function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const up = row - stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x] as number;
      const a = x >= bpp ? (out[row + x - bpp] as number) : 0;
      const b = y > 0 ? (out[up + x] as number) : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >>> 1;
      else if (filter === 4) predicted = paeth(a, b, x >= bpp && y > 0 ? (out[up + x - bpp] as number) : 0);
      else if (filter !== 0) throw new Error(`corrupt PNG: unknown row filter ${filter}`);
      out[row + x] = (value + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

