import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exifOrientation, isPlainJpeg } from '../../../src/core/jpeg-plain';

/** One marker segment: FF, the marker, a length that counts itself, the body. */
const segment = (marker: number, body: number[] | Uint8Array) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
const text = (s: string) => [...s].map((c) => c.charCodeAt(0));
/** A frame header: precision, height 8, width 8, components with their sampling and table. */
const frame = (marker = 0xc0, precision = 8, components = 3) => segment(marker, [precision, 0, 8, 0, 8, components, ...Array.from({ length: components * 3 }, () => 1)]);
const scan = [...segment(0xda, [1, 1, 0, 0, 63, 0]), 0x12, 0x34];
const jpeg = (...segments: number[][]) => Uint8Array.from([0xff, 0xd8, ...segments.flat(), ...scan, 0xff, 0xd9]);
const jfif = segment(0xe0, [...text('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);

/** EXIF (big-endian TIFF) with one IFD entry: the orientation. */
const exif = (orientation: number) => segment(0xe1, [...text('Exif\0\0'), ...text('MM'), 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0]);
/** The APP2 segment holding the sRGB profile Chromium's canvas writes into every JPEG it encodes (from the photo fixture). */
const skiaProfile = (() => {
  const file = readFileSync(new URL('../../fixtures/photos/astronaut/astronaut-001.jpg', import.meta.url));
  const app2 = file.subarray(20, 20 + 2 + file.readUInt16BE(22));
  return Array.from(app2);
})();

describe('isPlainJpeg', () => {
  it('takes baseline, extended and progressive 8-bit JPEGs in colour or gray', () => {
    expect(isPlainJpeg(jpeg(jfif, frame(0xc0)))).toBe(true);
    expect(isPlainJpeg(jpeg(jfif, frame(0xc1)))).toBe(true);
    expect(isPlainJpeg(jpeg(frame(0xc2, 8, 1)))).toBe(true);
  });

  it('takes the photo fixture, whose JPEGs carry the sRGB profile of Chromium\'s encoder', () => {
    expect(isPlainJpeg(readFileSync(new URL('../../fixtures/photos/astronaut/astronaut-001.jpg', import.meta.url)))).toBe(true);
    expect(isPlainJpeg(jpeg(jfif, skiaProfile, frame()))).toBe(true);
  });

  it('leaves to the browser what it rotates, colour-manages or decodes its own way', () => {
    expect(isPlainJpeg(jpeg(exif(6), frame()))).toBe(false);
    expect(isPlainJpeg(jpeg(exif(1), frame()))).toBe(true);
    const otherProfile = [...skiaProfile];
    otherProfile[100] = (otherProfile[100] as number) ^ 1;
    expect(isPlainJpeg(jpeg(otherProfile, frame()))).toBe(false);
    expect(isPlainJpeg(jpeg(segment(0xe2, [...text('ICC_PROFILE\0'), 1, 1, ...text('acsp')]), frame()))).toBe(false);
    expect(isPlainJpeg(jpeg(segment(0xee, [...text('Adobe'), 0, 100, 0, 0, 0, 0, 1]), frame()))).toBe(false);
    expect(isPlainJpeg(jpeg(frame(0xc0, 12)))).toBe(false); // 12-bit
    expect(isPlainJpeg(jpeg(frame(0xc0, 8, 4)))).toBe(false); // CMYK
    expect(isPlainJpeg(jpeg(frame(0xc3)))).toBe(false); // lossless
    expect(isPlainJpeg(jpeg(frame(0xc9)))).toBe(false); // arithmetic-coded
  });

  it('refuses a truncated file, bytes after the end marker, and broken segments', () => {
    const good = jpeg(jfif, frame());
    expect(isPlainJpeg(good.subarray(0, good.length - 2))).toBe(false);
    expect(isPlainJpeg(Uint8Array.from([...good, 0]))).toBe(false);
    expect(isPlainJpeg(Uint8Array.from([0xff, 0xd8, ...scan, 0xff, 0xd9]))).toBe(false); // no frame before the scan
    expect(isPlainJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xf0, 0xff, 0xd9]))).toBe(false); // a length past the end
    expect(isPlainJpeg(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
  });
});

describe('exifOrientation', () => {
  it('reads the orientation from big- and little-endian TIFF, 1 when absent, 0 when unreadable', () => {
    expect(exifOrientation(Uint8Array.from(exif(8).slice(10)))).toBe(8);
    const little = [...text('II'), 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0];
    expect(exifOrientation(Uint8Array.from(little))).toBe(3);
    expect(exifOrientation(Uint8Array.from([...text('II'), 42, 0, 8, 0, 0, 0, 0, 0]))).toBe(1);
    expect(exifOrientation(Uint8Array.from(text('XX')))).toBe(0);
  });
});
