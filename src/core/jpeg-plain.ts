// Whether a JPEG is "plain": one that libjpeg-turbo decodes to the same pixels inside the ingest worker (as
// WebAssembly) as through the browser's own decoder, which is libjpeg-turbo too. The browser does more than
// decode for some files: it rotates by the EXIF orientation, converts through an embedded colour profile, and
// handles CMYK, 12-bit and lossless frames its own way; a file that ends before its end-of-image marker fails in
// the browser where libjpeg would fill the rest in gray. Those go to the browser; everything else may take the fast
// path. Only the markers before the first scan are read.
//
// One colour profile is let through: the sRGB profile Skia writes into every JPEG that Chromium's canvas encodes
// (456 bytes). Converting from it to the screen's sRGB changes no pixel: 30,000 photo crops encoded that way decoded
// identically both ways. Any other profile (Display P3 from a phone, Adobe RGB) is converted by the browser.
import { ContentHash } from './hash';

/** Length and ContentHash digest of each colour profile known to leave the browser's pixels unchanged. */
const IDENTITY_PROFILES: readonly (readonly [number, string])[] = [[456, '2f5080c69d39b720']];

export function isPlainJpeg(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
  // Ends exactly at its end-of-image marker: no truncation, nothing appended.
  if (bytes[n - 2] !== 0xff || bytes[n - 1] !== 0xd9) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let frame = false;
  let i = 2;
  while (i + 4 <= n) {
    if (bytes[i] !== 0xff) return false;
    const marker = bytes[i + 1] as number;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xda) return frame; // start of scan: every marker that matters came before it
    if (marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) return false;
    const length = view.getUint16(i + 2);
    if (length < 2 || i + 2 + length > n) return false;
    const body = bytes.subarray(i + 4, i + 2 + length);
    if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) {
      // Huffman-coded baseline, extended or progressive, 8 bits, gray or three components.
      if (frame || body.length < 6 || body[0] !== 8 || (body[5] !== 1 && body[5] !== 3)) return false;
      frame = true;
    } else if (marker >= 0xc3 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return false; // lossless, hierarchical or arithmetic-coded frames
    } else if (marker === 0xe1 && startsWithText(body, 'Exif\0\0') && exifOrientation(body.subarray(6)) !== 1) {
      return false;
    } else if (marker === 0xe2 && startsWithText(body, 'ICC_PROFILE\0') && !isIdentityProfile(body)) {
      return false;
    } else if (marker === 0xee && startsWithText(body, 'Adobe')) {
      return false; // Adobe's colour transform flags (and CMYK)
    }
    i += 2 + length;
  }
  return false;
}

/** The EXIF orientation (1 to 8) of a TIFF block; 1 when absent, 0 when the block cannot be read. */
export function exifOrientation(tiff: Uint8Array): number {
  if (tiff.length < 8) return 0;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return 0;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return 0;
  const entries = view.getUint16(ifd, little);
  for (let k = 0; k < entries; k++) {
    const at = ifd + 2 + k * 12;
    if (at + 12 > tiff.length) return 0;
    if (view.getUint16(at, little) === 0x0112) return view.getUint16(at + 8, little);
  }
  return 1;
}

/** An APP2 chunk holding a whole profile (chunk 1 of 1) that is one of IDENTITY_PROFILES. */
function isIdentityProfile(app2: Uint8Array): boolean {
  if (app2[12] !== 1 || app2[13] !== 1) return false;
  const profile = app2.subarray(14);
  return IDENTITY_PROFILES.some(([length, digest]) => profile.length === length && new ContentHash().update(profile).digest() === digest);
}

function startsWithText(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let k = 0; k < text.length; k++) if (bytes[k] !== text.charCodeAt(k)) return false;
  return true;
}
