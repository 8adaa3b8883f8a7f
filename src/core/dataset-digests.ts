// A dataset's content id computed as images arrive: one digest per image is kept (16 characters, not the
// pixels), and the id is made from the sorted digests at the end, equal to datasetId() over all the images at
// once. A second set of digests gives the id under the earlier class order (core/class-order), so an import
// finds a version stored before that order changed; only images whose label index differs are hashed twice.
import { earlierClassOrder } from './class-order';
import { datasetIdFromDigests, imageDigest } from './dataset-id';
import type { ImageShape, Split } from './types';

export class DatasetDigests {
  private digests: string[] = [];
  private earlierDigests: string[] = [];
  private readonly earlier: readonly string[] | undefined;
  /** Class index now → class index in the earlier order. */
  private readonly toEarlier: readonly number[] = [];

  constructor(private readonly classes: readonly string[]) {
    const earlier = earlierClassOrder(classes);
    if (earlier.some((name, i) => name !== classes[i])) {
      const place = new Map(earlier.map((name, i) => [name, i]));
      this.earlier = earlier;
      this.toEarlier = classes.map((name) => place.get(name) as number);
    }
  }

  get count(): number {
    return this.digests.length;
  }

  /** One image, its pixels at the dataset's final shape. */
  add(split: Split, label: number, pixels: Uint8Array): void {
    const digest = imageDigest(split, label, pixels);
    this.digests.push(digest);
    if (!this.earlier) return;
    const earlierLabel = this.toEarlier[label] as number;
    this.earlierDigests.push(earlierLabel === label ? digest : imageDigest(split, earlierLabel, pixels));
  }

  /** Forgets every digest (the images are added again, at another shape). */
  clear(): void {
    this.digests = [];
    this.earlierDigests = [];
  }

  /** The id, and the id under the earlier class order where that order differs. */
  ids(shape: ImageShape): { id: string; earlierId?: string } {
    const id = datasetIdFromDigests(shape, this.classes, this.digests);
    return this.earlier ? { id, earlierId: datasetIdFromDigests(shape, this.earlier, this.earlierDigests) } : { id };
  }
}
