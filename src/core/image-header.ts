// Recognises an image by its first bytes and reads its size without decoding, so bad files get a precise
// reason and the target shape can be chosen before any pixel is decoded.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';

export type HeaderResult =
  /** `grey`: the header says one channel (PNG colour types 0 and 4, one-component JPEG); absent when it does not say. */
  | { ok: true; format: ImageFormat; width: number; height: number; grey?: boolean }
  | { ok: false; reason: string };

/** Reads format and size from the start of a file (the first 64 KiB is plenty for every format here). */
export function readImageHeader(bytes: Uint8Array): HeaderResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (i: number) => bytes[i] ?? -1;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    if (bytes.length < 24) return { ok: false, reason: 'truncated PNG (no image header)' };
    return withGrey(sized('png', view.getUint32(16), view.getUint32(20)), bytes.length > 25 ? bytes[25] === 0 || bytes[25] === 4 : undefined);
  }
  if (at(0) === 0xff && at(1) === 0xd8) return jpegSize(bytes, view);
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) {
    if (bytes.length < 10) return { ok: false, reason: 'truncated GIF' };
    return sized('gif', view.getUint16(6, true), view.getUint16(8, true));
  }
  if (at(0) === 0x42 && at(1) === 0x4d) {
    if (bytes.length < 26) return { ok: false, reason: 'truncated BMP' };
    return sized('bmp', Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)));
  }
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50])) return webpSize(bytes, view);
  return { ok: false, reason: `not a PNG, JPEG, GIF, BMP or WebP image (starts with ${hexStart(bytes)})` };
}

function withGrey(result: HeaderResult, grey: boolean | undefined): HeaderResult {
  return result.ok && grey !== undefined ? { ...result, grey } : result;
}

function sized(format: ImageFormat, width: number, height: number): HeaderResult {
  if (!(width > 0 && height > 0)) return { ok: false, reason: `${format.toUpperCase()} with an invalid size (${width}×${height})` };
  return { ok: true, format, width, height };
}

function jpegSize(bytes: Uint8Array, view: DataView): HeaderResult {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return { ok: false, reason: 'corrupt JPEG (bad marker)' };
    const marker = bytes[i + 1] as number;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = view.getUint16(i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return withGrey(sized('jpeg', view.getUint16(i + 7), view.getUint16(i + 5)), bytes[i + 9] === 1);
    i += 2 + length;
  }
  return { ok: false, reason: 'truncated JPEG (no frame header)' };
}

function webpSize(bytes: Uint8Array, view: DataView): HeaderResult {
  if (bytes.length < 30) return { ok: false, reason: 'truncated WebP' };
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8 ') return sized('webp', view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  if (chunk === 'VP8L') {
    const b = view.getUint32(21, true);
    return sized('webp', (b & 0x3fff) + 1, ((b >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const w = 1 + ((bytes[24] ?? 0) | ((bytes[25] ?? 0) << 8) | ((bytes[26] ?? 0) << 16));
    const h = 1 + ((bytes[27] ?? 0) | ((bytes[28] ?? 0) << 8) | ((bytes[29] ?? 0) << 16));
    return sized('webp', w, h);
  }
  return { ok: false, reason: `unsupported WebP chunk "${chunk}"` };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function hexStart(bytes: Uint8Array): string {
  return [...bytes.subarray(0, 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
