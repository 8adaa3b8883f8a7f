// Where a run's validation data comes from: the test split, or a seeded, stratified fraction held out of train.
import type { HParams } from '../core/hparams';
import { withDefaults } from '../core/hparams';
import { splitStratified } from '../core/split';
import type { ImageSet } from './image-set';

/** Copies the images at `indices` into a new set (bytes only; nothing becomes floats here). */
export function subset(set: ImageSet, indices: readonly number[]): ImageSet {
  const per = set.shape[0] * set.shape[1] * set.shape[2];
  const pixels = new Uint8Array(indices.length * per);
  const labels = new Uint16Array(indices.length);
  indices.forEach((from, to) => {
    pixels.set(set.pixels.subarray(from * per, (from + 1) * per), to * per);
    labels[to] = set.labels[from] as number;
  });
  return { shape: set.shape, count: indices.length, pixels, labels };
}

/** The sets a run trains and validates on. */
export function trainAndValidation(h: HParams, train: ImageSet, test: ImageSet): { train: ImageSet; validation: ImageSet } {
  const validation = withDefaults(h).validation;
  if (validation.kind === 'split' && train.count >= 2) {
    const items = Array.from(train.labels, (label) => String(label));
    const held = splitStratified(items, (label) => label, validation.fraction, h.seed);
    const keep: number[] = [];
    const out: number[] = [];
    held.forEach((isHeld, i) => (isHeld ? out : keep).push(i));
    return { train: subset(train, keep), validation: subset(train, out) };
  }
  return { train, validation: test.count > 0 ? test : train };
}
