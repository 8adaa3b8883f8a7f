// Dataset version ids: same images with the same labels, splits, shape and classes ⇒ same id, whatever the
// files were called and whatever order they came in (so an exported dataset imports back to its own id).
// The id is built from one digest per image, so an import can hash each image as it arrives and keep only
// the digests (see ingest/content-digests).
import { ContentHash } from './hash';
import type { ImageShape, Split } from './types';

export interface IdImage {
  split: Split;
  label: number;
  /** The image's bytes at the dataset's shape. */
  pixels: Uint8Array;
}

/** The digest of one image with its split and label (its pixels at the dataset's shape). */
export function imageDigest(split: Split, label: number, pixels: Uint8Array): string {
  return new ContentHash().updateText(`${split}:${label}`).update(pixels).digest();
}

/** The id from every image's digest, in any order (they are sorted here; the array is sorted in place). */
export function datasetIdFromDigests(shape: ImageShape, classes: readonly string[], digests: string[]): string {
  digests.sort();
  const hash = new ContentHash().updateText(JSON.stringify({ shape, classes }));
  for (const d of digests) hash.updateText(d);
  return hash.digest();
}

/** Each image hashed on its own, the digests sorted, then hashed with the shape and class names. */
export function datasetId(shape: ImageShape, classes: readonly string[], images: readonly IdImage[]): string {
  return datasetIdFromDigests(shape, classes, images.map((g) => imageDigest(g.split, g.label, g.pixels)));
}
