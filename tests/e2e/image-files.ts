// Small image writers for the browser tests, so every format the ingest decodes is made from real digits:
// BMP (24-bit) and GIF (uncompressed LZW, several frames) here; JPEG and WebP come from the browser's canvas.

/** A 24-bit BMP from gray pixels, each scaled up `scale` times. */
export function grayBmp(pixels: Uint8Array, side: number, scale = 1): Uint8Array {
  const w = side * scale;
  const rowBytes = Math.ceil((w * 3) / 4) * 4;
  const out = new Uint8Array(54 + rowBytes * w);
  const view = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  view.setUint32(2, out.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, w, true);
  view.setInt32(22, w, true); // positive height: rows bottom-up
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const v = pixels[Math.floor(y / scale) * side + Math.floor(x / scale)] as number;
      out.fill(v, 54 + (w - 1 - y) * rowBytes + x * 3, 54 + (w - 1 - y) * rowBytes + x * 3 + 3);
    }
  }
  return out;
}

/** A gray GIF with one frame per pixel array; codes are all literals, with a clear code often enough to stay at 9 bits. */
export function grayGif(frames: Uint8Array[], width: number, height: number): Uint8Array {
  const bytes: number[] = [...'GIF89a'].map((c) => c.charCodeAt(0));
  bytes.push(width & 0xff, width >> 8, height & 0xff, height >> 8, 0xf7, 0, 0);
  for (let i = 0; i < 256; i++) bytes.push(i, i, i);
  for (const pixels of frames) {
    bytes.push(0x2c, 0, 0, 0, 0, width & 0xff, width >> 8, height & 0xff, height >> 8, 0, 8);
    const codes: number[] = [];
    pixels.forEach((p, i) => {
      if (i % 250 === 0) codes.push(256);
      codes.push(p);
    });
    codes.push(257);
    const packed: number[] = [];
    let acc = 0;
    let bits = 0;
    for (const code of codes) {
      acc |= code << bits;
      bits += 9;
      while (bits >= 8) {
        packed.push(acc & 0xff);
        acc >>>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) packed.push(acc & 0xff);
    for (let i = 0; i < packed.length; i += 255) {
      const block = packed.slice(i, i + 255);
      bytes.push(block.length, ...block);
    }
    bytes.push(0);
  }
  bytes.push(0x3b);
  return Uint8Array.from(bytes);
}
