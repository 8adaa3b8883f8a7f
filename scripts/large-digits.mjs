// Real-based digits in any number (issue 15's 100,000): the mnist package's 10,000 real digits again and again,
// each copy shifted by up to ±2 px and rotated by up to ±10° (a seeded draw per copy, bilinear resampling), so
// every image is a real handwritten digit and no two copies are the same pixels.
import { loadDigits } from './digits.mjs';
import { seededRandom } from './seeded-random.mjs';

const SIDE = 28;
export const MAX_SHIFT = 2;
export const MAX_DEGREES = 10;

/** `count` digits, interleaved by class as loadDigits gives them (any run of ten is about balanced). */
export function augmentedDigits(count, seed = 15) {
  const real = loadDigits();
  const random = seededRandom(seed);
  const between = (limit) => (random() * 2 - 1) * limit;
  return Array.from({ length: count }, (_, i) => {
    const digit = real[i % real.length];
    return { label: digit.label, pixels: shiftAndRotate(digit.pixels, between(MAX_SHIFT), between(MAX_SHIFT), between(MAX_DEGREES)) };
  });
}

/** The 28×28 image moved by (dx, dy) and turned by `degrees` about its centre; outside the original is black. */
export function shiftAndRotate(pixels, dx, dy, degrees) {
  const out = new Uint8Array(SIDE * SIDE);
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const c = (SIDE - 1) / 2;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      // Inverse mapping: where in the original this output pixel comes from.
      const ox = x - c - dx;
      const oy = y - c - dy;
      const sx = cos * ox + sin * oy + c;
      const sy = -sin * ox + cos * oy + c;
      out[y * SIDE + x] = Math.round(bilinear(pixels, sx, sy));
    }
  }
  return out;
}

function bilinear(pixels, x, y) {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (px, py) => (px < 0 || py < 0 || px >= SIDE || py >= SIDE ? 0 : pixels[py * SIDE + px]);
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}
