// Where a run's validation data comes from: a seeded, stratified fraction held out of train, or the test split.
// The test split is never carved up: a split validation comes from train only.
import type { HParams, Validation } from '../core/hparams';
import { withDefaults } from '../core/hparams';
import type { RunValidation } from '../core/run-validation';
import { splitStratified } from '../core/split';
import type { ImageSet } from './image-set';
import { featureSubset, isFeatureSet, type TrainData } from './feature-set';

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

/** Per image of a split (by its labels), 1 when it is held out for validation: a seeded, stratified `fraction`. */
export function heldOutMask(labels: ArrayLike<number>, fraction: number, seed: number): Uint8Array {
  const items = Array.from(labels, (label) => String(label));
  return Uint8Array.from(splitStratified(items, (label) => label, fraction, seed), (held) => (held ? 1 : 0));
}

export interface TrainAndValidation<T extends TrainData = ImageSet> {
  train: T;
  validation: T;
  /** What was used, for the run's record: a split falls back to the test split when train cannot spare an image. */
  used: RunValidation;
}

/** The sets a run trains and validates on (images, or a backbone's features); `planned` defaults to the set's own validation. */
export function trainAndValidation<T extends TrainData>(h: HParams, train: T, test: T, planned: Validation = withDefaults(h).validation): TrainAndValidation<T> {
  if (planned.kind === 'split' && train.count >= 2) {
    const held = heldOutMask(train.labels.subarray(0, train.count), planned.fraction, h.seed);
    const keep: number[] = [];
    const out: number[] = [];
    held.forEach((isHeld, i) => (isHeld ? out : keep).push(i));
    const take = (indices: number[]) => (isFeatureSet(train) ? featureSubset(train, indices) : subset(train, indices)) as T;
    if (out.length > 0) {
      return { train: take(keep), validation: take(out), used: { kind: 'split', fraction: planned.fraction, seed: h.seed, images: out.length } };
    }
  }
  if (test.count > 0) return { train, validation: test, used: { kind: 'test', images: test.count } };
  return { train, validation: train, used: { kind: 'train', images: train.count } };
}
