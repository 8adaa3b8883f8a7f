import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { checkImageBytes, pngTruncation } from '../../../src/core/image-check';
import { decodeSimplePng } from '../../../src/ingest/png-simple';
import { loadDigits } from '../../support/digits';

const digit = (loadDigits(1)[0] as { pixels: Uint8Array }).pixels;
const realPng = () => encode({ width: 28, height: 28, data: digit, channels: 1, depth: 8 });
const TRUNCATED = 'truncated PNG: the file ends before its image data is complete';

describe('checkImageBytes: the preview\'s look at a file\'s bytes', () => {
  it('passes a real digit PNG with its header', () => {
    expect(checkImageBytes(realPng())).toEqual({ ok: true, header: { ok: true, format: 'png', width: 28, height: 28, grey: true } });
  });

  it('names an empty file, an HTML page named .png and a PNG cut in half, as the import does', () => {
    const png = realPng();
    expect(checkImageBytes(new Uint8Array(0))).toEqual({ ok: false, reason: 'empty file (0 bytes)' });
    expect(checkImageBytes(new TextEncoder().encode('<!DOCTYPE html><html></html>'))).toEqual({ ok: false, reason: 'not a PNG, JPEG, GIF, BMP or WebP image (starts with 3C 21 44 4F)' });
    expect(checkImageBytes(png.subarray(0, Math.floor(png.length / 2)))).toEqual({ ok: false, reason: TRUNCATED });
    expect(checkImageBytes(png.subarray(0, 33))).toEqual({ ok: false, reason: TRUNCATED }); // the header alone: no pixels
  });

  it('refuses an image whose header declares more pixels than an import allows', () => {
    const png = realPng().slice();
    new DataView(png.buffer).setUint32(16, 100_000);
    const result = checkImageBytes(png);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/100000|100,000/);
  });

  it('leaves a PNG that only lacks its IEND chunk to the decoder', () => {
    const png = realPng();
    expect(pngTruncation(png.subarray(0, png.length - 12))).toBeUndefined();
  });

  it('calls a PNG truncated only where the decoder fails too, at every cut after its header', () => {
    const png = realPng();
    // Shorter than signature + IHDR (33 bytes), the header reader names the file first.
    for (let length = 33; length <= png.length; length++) {
      const cut = png.subarray(0, length);
      if (pngTruncation(cut) === undefined) continue;
      expect(() => decodeSimplePng(cut), `cut at ${length} of ${png.length}`).toThrow();
    }
    expect(pngTruncation(png)).toBeUndefined();
    expect(pngTruncation(png.subarray(0, png.length - 20))).toBe(TRUNCATED);
  });
});
