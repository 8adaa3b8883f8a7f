import { describe, expect, it } from 'vitest';
import { encode } from 'fast-png';
import { fitImageToShape } from '../../../src/ingest/fit-image';
import { loadDigits } from '../../support/digits';

const digit = loadDigits(1)[3]!;
const png = encode({ width: 28, height: 28, data: digit.pixels, channels: 1, depth: 8 });

describe('fit a tried image to the dataset shape', () => {
  it('keeps a gray digit of the dataset size byte for byte', async () => {
    expect(await fitImageToShape(png, 'three.png', [28, 28, 1])).toEqual(digit.pixels);
  });

  it('repeats gray into three channels for a colour dataset', async () => {
    const rgb = await fitImageToShape(png, 'three.png', [28, 28, 3]);
    expect(rgb.length).toBe(28 * 28 * 3);
    expect([rgb[400 * 3], rgb[400 * 3 + 1], rgb[400 * 3 + 2]]).toEqual([digit.pixels[400], digit.pixels[400], digit.pixels[400]]);
  });

  it('turns colour into gray luma for a gray dataset', async () => {
    const data = new Uint8Array(28 * 28 * 3);
    for (let i = 0; i < 28 * 28; i++) data.set([200, 100, 50], i * 3);
    const colour = encode({ width: 28, height: 28, data, channels: 3, depth: 8 });
    const gray = await fitImageToShape(colour, 'orange.png', [28, 28, 1]);
    expect(gray[0]).toBe(Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50));
  });

  it('names the file and the reason when it is not an image', async () => {
    await expect(fitImageToShape(new TextEncoder().encode('<html>'), 'page.html', [28, 28, 1])).rejects.toThrow('page.html: not a PNG, JPEG, GIF, BMP or WebP image (starts with 3C 68 74 6D)');
  });
});

describe('budgets when trying a model', () => {
  it('says a model input of 65535×65535 is too large, not that the image is corrupt', async () => {
    await expect(fitImageToShape(png, 'three.png', [65535, 65535, 1])).rejects.toThrow('three.png cannot be tried: the model takes 65535×65535 images, more than the 8192 pixels a side allowed for one image');
  });
});
