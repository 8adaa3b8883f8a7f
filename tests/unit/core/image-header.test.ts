import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../../../src/core/image-header';
import { loadDigits } from '../../support/digits';

const realPng = () => encode({ width: 28, height: 28, data: (loadDigits(1)[0] as { pixels: Uint8Array }).pixels, channels: 1, depth: 8 });
const bytes = (...values: number[]) => Uint8Array.from(values);

describe('readImageHeader', () => {
  it('reads the size of a real digit PNG', () => {
    expect(readImageHeader(realPng())).toEqual({ ok: true, format: 'png', width: 28, height: 28, grey: true });
  });

  it('reads JPEG, GIF, BMP and WebP sizes from their headers', () => {
    // JPEG: SOI, an APP0 segment to skip, then SOF0 with height 20 and width 30.
    const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 20, 0, 30, 1, 0, 0, 0, 0, 0, 0);
    expect(readImageHeader(jpeg)).toEqual({ ok: true, format: 'jpeg', width: 30, height: 20, grey: true });
    expect(readImageHeader(bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 12, 0, 7, 0))).toEqual({ ok: true, format: 'gif', width: 12, height: 7 });
    const bmp = new Uint8Array(26);
    bmp.set([0x42, 0x4d]);
    new DataView(bmp.buffer).setInt32(18, 16, true);
    new DataView(bmp.buffer).setInt32(22, -9, true); // top-down BMPs store a negative height
    expect(readImageHeader(bmp)).toEqual({ ok: true, format: 'bmp', width: 16, height: 9 });
    const webp = new Uint8Array(30);
    webp.set([...'RIFF'].map((c) => c.charCodeAt(0)));
    webp.set([...'WEBPVP8 '].map((c) => c.charCodeAt(0)), 8);
    new DataView(webp.buffer).setUint16(26, 64, true);
    new DataView(webp.buffer).setUint16(28, 48, true);
    expect(readImageHeader(webp)).toEqual({ ok: true, format: 'webp', width: 64, height: 48 });
  });

  it('gives a readable reason for an empty file, a truncated PNG and an HTML page named .png', () => {
    expect(readImageHeader(new Uint8Array(0))).toEqual({ ok: false, reason: 'empty file (0 bytes)' });
    expect(readImageHeader(realPng().subarray(0, 16))).toEqual({ ok: false, reason: 'truncated PNG (no image header)' });
    expect(readImageHeader(new TextEncoder().encode('<!DOCTYPE html>'))).toEqual({ ok: false, reason: 'not a PNG, JPEG, GIF, BMP or WebP image (starts with 3C 21 44 4F)' });
  });
});

describe('what a header says of colour', () => {
  const png = (colourType: number) => {
    const bytes = new Uint8Array(33);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(bytes.buffer).setUint32(16, 120);
    new DataView(bytes.buffer).setUint32(20, 80);
    bytes[24] = 8;
    bytes[25] = colourType;
    return bytes;
  };
  it('reads grey from the PNG colour type (0 grey, 4 grey + alpha) and colour from the others', () => {
    expect(readImageHeader(png(0))).toMatchObject({ ok: true, width: 120, height: 80, grey: true });
    expect(readImageHeader(png(4))).toMatchObject({ grey: true });
    expect(readImageHeader(png(2))).toMatchObject({ grey: false });
    expect(readImageHeader(png(6))).toMatchObject({ grey: false });
  });
});
