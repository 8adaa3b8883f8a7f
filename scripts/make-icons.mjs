// Draws the app icon (a rounded blue square with two rails and two sleepers) as PNGs for the web manifest.
import { mkdirSync, writeFileSync } from 'node:fs';
import { encode } from 'fast-png';

function icon(size) {
  const data = new Uint8Array(size * size * 4);
  const s = size / 32;
  const inRoundedSquare = (x, y) => {
    const r = 7 * s;
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const onStroke = (x, y) => {
    const w = 1.25 * s;
    const rail = (y0) => Math.abs(y - y0 * s) <= w && x >= 6 * s - w && x <= 26 * s + w;
    const sleeper = (x0) => Math.abs(x - x0 * s) <= w && y >= 10 * s - w && y <= 24 * s + w;
    return rail(22) || rail(17) || sleeper(10) || sleeper(22);
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 4;
      if (!inRoundedSquare(x + 0.5, y + 0.5)) continue;
      const white = onStroke(x + 0.5, y + 0.5);
      data.set(white ? [255, 255, 255, 255] : [0x24, 0x59, 0xc8, 255], o);
    }
  }
  return encode({ width: size, height: size, data, channels: 4, depth: 8 });
}

mkdirSync('public/icons', { recursive: true });
for (const size of [192, 512]) writeFileSync(`public/icons/icon-${size}.png`, icon(size));
console.log('public/icons/icon-192.png, icon-512.png');
