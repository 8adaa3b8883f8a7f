// Dataset version ids: same images with the same labels, splits, shape and classes ⇒ same id, whatever the
// files were called and whatever order they came in (so an exported dataset imports back to its own id).
import { ContentHash } from './hash';
import type { ImageShape, Split } from './types';

export interface IdImage {
  split: Split;
  label: number;
  /** The image's bytes at the dataset's shape. */
  pixels: Uint8Array;
}

/** Each image hashed on its own, the digests sorted, then hashed with the shape and class names. */
export function datasetId(shape: ImageShape, classes: readonly string[], images: readonly IdImage[]): string {
  const digests = images.map((g) => new ContentHash().updateText(`${g.split}:${g.label}`).update(g.pixels).digest()).sort();
  const hash = new ContentHash().updateText(JSON.stringify({ shape, classes }));
  for (const d of digests) hash.updateText(d);
  return hash.digest();
}
