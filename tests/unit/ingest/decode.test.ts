import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeFast } from '../../../src/ingest/decode';
import { loadDigits } from '../../support/digits';

const digit = (loadDigits(1)[0] as { pixels: Uint8Array }).pixels;
const rgbaPng = (rgba: Uint8Array) => encode({ width: 28, height: 28, data: rgba, channels: 4, depth: 8 });
const decode = (rgba: Uint8Array) => decodeFast(rgbaPng(rgba), 'png', 28, 28, 28, 28);

describe('RGBA pixels to the stored channels', () => {
  it('keeps an opaque colour image as RGB and an opaque gray one as one channel, byte for byte', () => {
    const colour = new Uint8Array(28 * 28 * 4);
    const gray = new Uint8Array(28 * 28 * 4);
    digit.forEach((v, i) => {
      colour.set([v, 255 - v, (v * 7) & 255, 255], i * 4);
      gray.set([v, v, v, 255], i * 4);
    });
    expect(decode(colour)).toEqual({ channels: 3, pixels: Uint8Array.from(Array.from(digit).flatMap((v) => [v, 255 - v, (v * 7) & 255])) });
    expect(decode(gray)).toEqual({ channels: 1, pixels: digit });
  });

  it('composites a translucent image on black', () => {
    const rgba = new Uint8Array(28 * 28 * 4);
    digit.forEach((v, i) => rgba.set([v, v, v, i === 0 ? 255 : 128], i * 4));
    const out = decode(rgba);
    expect(out?.channels).toBe(1);
    expect(Array.from(out?.pixels ?? [])).toEqual(Array.from(digit, (v, i) => (i === 0 ? v : Math.round((v * 128) / 255))));
  });

  it('converts sizes that are not a multiple of four pixels, and notices one translucent pixel wherever it is', () => {
    const [width, height] = [5, 3];
    const n = width * height;
    const png = (rgba: Uint8Array) => decodeFast(encode({ width, height, data: rgba, channels: 4, depth: 8 }), 'png', width, height, width, height);
    const colour = Uint8Array.from({ length: n * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37 + 11) & 255));
    const rgb = colour.filter((_, i) => i % 4 !== 3);
    expect(png(colour)).toEqual({ channels: 3, pixels: rgb });
    const gray = Uint8Array.from({ length: n * 4 }, (_, i) => (i % 4 === 3 ? 255 : (Math.floor(i / 4) * 17) & 255));
    expect(png(gray)).toEqual({ channels: 1, pixels: Uint8Array.from({ length: n }, (_, i) => (i * 17) & 255) });
    // At every place in a group of four, and in the pixels past the last whole group.
    for (let translucent = 0; translucent < n; translucent++) {
      const rgba = colour.slice();
      rgba[translucent * 4 + 3] = 0;
      const out = png(rgba);
      expect(out?.channels).toBe(3);
      expect(Array.from(out?.pixels.subarray(translucent * 3, translucent * 3 + 3) ?? [])).toEqual([0, 0, 0]);
      expect(Array.from(out?.pixels.subarray(0, 3) ?? [])).toEqual(translucent === 0 ? [0, 0, 0] : Array.from(rgb.subarray(0, 3)));
    }
  });
});
