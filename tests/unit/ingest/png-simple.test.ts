import { deflateSync } from 'node:zlib';
import { decode, encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeSimplePng } from '../../../src/ingest/png-simple';
import { loadDigits } from '../../support/digits';

const digits = loadDigits(3);

/** A PNG written by hand with one row filter for every row, so each filter's undoing is checked. */
function pngWithFilter(pixels: Uint8Array, width: number, height: number, channels: number, filter: number): Uint8Array {
  const colorType = { 1: 0, 2: 4, 3: 2, 4: 6 }[channels] as number;
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const at = (dy: number, dx: number) => (y + dy >= 0 && x + dx >= 0 ? (pixels[(y + dy) * stride + x + dx] as number) : 0);
      const a = at(0, -channels);
      const b = at(-1, 0);
      const c = at(-1, -channels);
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter] as number;
      raw[y * (stride + 1) + 1 + x] = ((pixels[y * stride + x] as number) - predicted) & 0xff;
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set([...type].map((ch) => ch.charCodeAt(0)), 4);
    out.set(data, 8);
    return out; // CRC left at zero: the decoder does not check it
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe('decodeSimplePng', () => {
  it('decodes real digit PNGs to the same pixels as fast-png', () => {
    for (const digit of digits) {
      const png = encode({ width: 28, height: 28, data: digit.pixels, channels: 1, depth: 8 });
      const ours = decodeSimplePng(png);
      expect(ours).toMatchObject({ width: 28, height: 28, channels: 1 });
      expect(ours?.data).toEqual(decode(png).data);
      expect(ours?.data).toEqual(digit.pixels);
    }
  });

  it('undoes every row filter, in gray and in RGBA', () => {
    const gray = (digits[0] as { pixels: Uint8Array }).pixels;
    const rgba = Uint8Array.from({ length: 28 * 28 * 4 }, (_, i) => (i % 4 === 3 ? 200 : (gray[Math.floor(i / 4)] as number) ^ (i % 4) * 40));
    for (const filter of [0, 1, 2, 3, 4]) {
      expect(decodeSimplePng(pngWithFilter(gray, 28, 28, 1, filter))?.data).toEqual(gray);
      expect(decodeSimplePng(pngWithFilter(rgba, 28, 28, 4, filter))?.data).toEqual(rgba);
    }
  });

  it('throws on a truncated PNG, and leaves 16-bit PNGs to another decoder', () => {
    const png = encode({ width: 28, height: 28, data: (digits[1] as { pixels: Uint8Array }).pixels, channels: 1, depth: 8 });
    expect(() => decodeSimplePng(png.subarray(0, Math.floor(png.length / 2)))).toThrow(/truncated PNG/);
    const deep = encode({ width: 2, height: 2, data: Uint16Array.of(1, 2, 3, 4), channels: 1, depth: 16 });
    expect(decodeSimplePng(deep)).toBeUndefined();
  });
});

describe('a PNG whose pixel stream expands past its declared size', () => {
  it('is refused after inflating no more than its declared image, not the 1 GiB its stream holds', async () => {
    const { zeroPng } = await import('../../support/hostile-inputs');
    const bomb = zeroPng(256, 256, 2, 1024 ** 3);
    expect(bomb.length).toBeLessThan(2 * 1024 ** 2);
    expect(() => decodeSimplePng(bomb)).toThrow('its data expands past the 192 KiB it declares');
  });

  it('is refused from its header when it declares more than one image may take', async () => {
    const { zeroPng } = await import('../../support/hostile-inputs');
    expect(() => decodeSimplePng(zeroPng(32768, 32768, 2, 1024 ** 2))).toThrow('image too large (32768×32768; at most 8192 pixels a side)');
  });
});

describe('the stream check of PNGs left to the browser', () => {
  it('refuses a palette PNG whose pixel stream goes on to 1 GiB, and passes one of the declared size', async () => {
    const { zeroPng } = await import('../../support/hostile-inputs');
    const { pngStreamProblem } = await import('../../../src/ingest/png-simple');
    expect(pngStreamProblem(zeroPng(256, 256, 3, 1024 ** 3))).toBe('corrupt PNG: its pixel data expands past the 64.3 KiB its header declares');
    expect(pngStreamProblem(zeroPng(1023, 1024, 3, 1024 ** 2))).toBeUndefined();
  });
});
