// Real MNIST digits as an ImageSet (28×28 grey bytes), for tests that feed pretrained backbones.
import type { ImageSet } from '../../src/ml/image-set';
import { loadDigits } from './digits';

/** The first `perClass` digits of each of `labels`, interleaved; labels renumbered 0, 1, … in the order given. */
export function digitSet(labels: readonly number[], perClass: number): ImageSet {
  const digits = loadDigits(perClass).filter((d) => labels.includes(d.label));
  const pixels = new Uint8Array(digits.length * 784);
  digits.forEach((d, i) => pixels.set(d.pixels, i * 784));
  return { shape: [28, 28, 1], count: digits.length, pixels, labels: Uint16Array.from(digits, (d) => labels.indexOf(d.label)) };
}
