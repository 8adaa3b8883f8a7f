// Feature vectors (from a backbone) in place of images: a head trains on them as a model trains on pixels.
// They stay floats on the host; a batch is copied out and uploaded like a batch of bytes.
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from './image-set';

export interface FeatureSet {
  /** Floats per image. */
  size: number;
  count: number;
  /** count × size. */
  values: Float32Array;
  labels: Uint16Array;
}

/** What a training loop can take: images as bytes, or feature vectors. */
export type TrainData = ImageSet | FeatureSet;

export function isFeatureSet(set: TrainData): set is FeatureSet {
  return 'values' in set;
}

/** Floats per sample of either kind. */
export function sampleSize(set: TrainData): number {
  return isFeatureSet(set) ? set.size : set.shape[0] * set.shape[1] * set.shape[2];
}

/** The rows at `indices`, as a new set. */
export function featureSubset(set: FeatureSet, indices: readonly number[]): FeatureSet {
  const values = new Float32Array(indices.length * set.size);
  const labels = new Uint16Array(indices.length);
  indices.forEach((from, to) => {
    values.set(set.values.subarray(from * set.size, (from + 1) * set.size), to * set.size);
    labels[to] = set.labels[from] as number;
  });
  return { size: set.size, count: indices.length, values, labels };
}

/** Rows order[start…end) → a [n, size] tensor, through a reusable buffer. */
export function featureBatch(set: FeatureSet, order: ArrayLike<number>, start: number, end: number, buffer: Float32Array): tf.Tensor2D {
  for (let i = start; i < end; i++) {
    const from = (order[i] as number) * set.size;
    buffer.set(set.values.subarray(from, from + set.size), (i - start) * set.size);
  }
  return tf.tensor2d(buffer.subarray(0, (end - start) * set.size), [end - start, set.size]);
}
