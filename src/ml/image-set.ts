// Images kept as bytes until a batch needs them; a batch becomes floats on the device.
import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../core/types';

export interface ImageSet {
  shape: ImageShape;
  count: number;
  /** count × h × w × c bytes. */
  pixels: Uint8Array;
  labels: Uint16Array;
}

/** A slice of images (a shard): `count` of them, their pixels and labels. */
export interface ImagePart {
  count: number;
  pixels: Uint8Array;
  labels: Uint16Array;
}

/** Images arriving in parts (a split's shards, read one at a time): `count` in all. */
export interface ImageParts {
  shape: ImageShape;
  count: number;
  parts(): AsyncIterable<ImagePart>;
}

/** Joins shards (each a slice of images) into one contiguous set. */
export function concatImageSets(shape: ImageShape, parts: readonly ImagePart[]): ImageSet {
  const count = parts.reduce((n, p) => n + p.count, 0);
  const per = shape[0] * shape[1] * shape[2];
  const pixels = new Uint8Array(count * per);
  const labels = new Uint16Array(count);
  let at = 0;
  for (const part of parts) {
    pixels.set(part.pixels.subarray(0, part.count * per), at * per);
    labels.set(part.labels.subarray(0, part.count), at);
    at += part.count;
  }
  return { shape, count, pixels, labels };
}

/** Copies the images at `indices` into a reusable byte buffer; returns the filled view. */
export function gatherBytes(set: ImageSet, indices: ArrayLike<number>, start: number, end: number, buffer: Uint8Array): Uint8Array {
  const per = set.shape[0] * set.shape[1] * set.shape[2];
  for (let i = start; i < end; i++) {
    const src = (indices[i] as number) * per;
    buffer.set(set.pixels.subarray(src, src + per), (i - start) * per);
  }
  return buffer.subarray(0, (end - start) * per);
}

/** Bytes → [n, h, w, c] floats in [0, 1], converted on the device. */
export function bytesToBatch(bytes: Uint8Array, shape: ImageShape, n: number): tf.Tensor4D {
  return tf.tidy(() => tf.tensor4d(Int32Array.from(bytes), [n, shape[0], shape[1], shape[2]], 'int32').toFloat().div(255) as tf.Tensor4D);
}
