// Pixel shards for the storage benchmark, made in the worker from real data so they compress as real shards do
// (Chromium's IndexedDB compresses large values; constant bytes would flatter it): 28×28 gray digits are the real
// MNIST digits with seeded shifts; 96×96×3 images are seeded crops of the real photo fixture.
import { seededRandom } from '../../core/random';

export type ShardKind = 'digits' | 'photos';

export interface BenchShard {
  index: number;
  count: number;
  pixels: Uint8Array;
  labels: Uint16Array;
  /** Sampled byte sum, so a read-back can be checked against what was written. */
  checksum: number;
}

export interface ShardPlan {
  kind: ShardKind;
  images: number;
  imageBytes: number;
  imagesPerShard: number;
  shards: number;
}

const SHARD_TARGET_BYTES = 4 * 1024 * 1024;
const PHOTO_SIDE = 96;
/** Distinct photo crops made up front; shard i takes a seeded walk through them, so no shard repeats an image. */
const PHOTO_POOL = 1024;

export function planShards(kind: ShardKind, images: number): ShardPlan {
  const imageBytes = kind === 'digits' ? 28 * 28 : PHOTO_SIDE * PHOTO_SIDE * 3;
  const imagesPerShard = Math.floor(SHARD_TARGET_BYTES / imageBytes);
  return { kind, images, imageBytes, imagesPerShard, shards: Math.ceil(images / imagesPerShard) };
}

/** Byte sum at a fixed stride: cheap, and it touches the buffer across its whole length. */
export function sampledChecksum(pixels: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < pixels.length; i += 61) sum = (sum + pixels[i]! * (i + 1)) % 2_147_483_647;
  return sum;
}

export class ShardSource {
  private constructor(
    private readonly pool: Uint8Array,
    private readonly poolLabels: Uint16Array,
    private readonly poolSize: number,
  ) {}

  /** `digits`: n × 784 bytes of real digits with their labels. */
  static fromDigits(pixels: Uint8Array, labels: Uint8Array): ShardSource {
    return new ShardSource(pixels, Uint16Array.from(labels), labels.length);
  }

  /** `photos`: encoded images (JPEG/PNG) with a class index each, decoded and cut into PHOTO_POOL seeded 96×96 crops. */
  static async fromPhotos(files: { bytes: Uint8Array; label: number }[]): Promise<ShardSource> {
    const bitmaps = await Promise.all(files.map((f) => createImageBitmap(new Blob([f.bytes as Uint8Array<ArrayBuffer>]))));
    const canvas = new OffscreenCanvas(PHOTO_SIDE, PHOTO_SIDE);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('This browser gives no 2D canvas in a worker, so the photo shards cannot be made.');
    const bytes = PHOTO_SIDE * PHOTO_SIDE * 3;
    const pool = new Uint8Array(PHOTO_POOL * bytes);
    const labels = new Uint16Array(PHOTO_POOL);
    const random = seededRandom(96);
    for (let i = 0; i < PHOTO_POOL; i++) {
      const which = i % bitmaps.length;
      const bitmap = bitmaps[which]!;
      // A crop of 60–100 % of the short side, anywhere in the photo, scaled to 96×96.
      const side = Math.min(bitmap.width, bitmap.height) * (0.6 + 0.4 * random());
      const x = random() * (bitmap.width - side);
      const y = random() * (bitmap.height - side);
      context.drawImage(bitmap, x, y, side, side, 0, 0, PHOTO_SIDE, PHOTO_SIDE);
      const rgba = context.getImageData(0, 0, PHOTO_SIDE, PHOTO_SIDE).data;
      const out = i * bytes;
      for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
        pool[out + q] = rgba[p]!;
        pool[out + q + 1] = rgba[p + 1]!;
        pool[out + q + 2] = rgba[p + 2]!;
      }
      labels[i] = files[which]!.label;
    }
    for (const b of bitmaps) b.close();
    return new ShardSource(pool, labels, PHOTO_POOL);
  }

  /** Shard `index` of `plan`: same bytes for the same plan and index. */
  shard(plan: ShardPlan, index: number): BenchShard {
    const first = index * plan.imagesPerShard;
    const count = Math.min(plan.imagesPerShard, plan.images - first);
    const pixels = new Uint8Array(count * plan.imageBytes);
    const labels = new Uint16Array(count);
    const random = seededRandom(index + 1);
    for (let i = 0; i < count; i++) {
      const from = (first + i) % this.poolSize;
      labels[i] = this.poolLabels[from]!;
      const target = pixels.subarray(i * plan.imageBytes, (i + 1) * plan.imageBytes);
      const source = this.pool.subarray(from * plan.imageBytes, (from + 1) * plan.imageBytes);
      if (plan.kind === 'digits') shiftDigit(source, target, Math.floor(random() * 5) - 2, Math.floor(random() * 5) - 2);
      else target.set(source);
    }
    return { index, count, pixels, labels, checksum: sampledChecksum(pixels) };
  }
}

/** A 28×28 digit moved by (dx, dy) pixels, the uncovered edge left black, as the real-based digits are. */
function shiftDigit(source: Uint8Array, target: Uint8Array, dx: number, dy: number): void {
  for (let y = 0; y < 28; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= 28) continue;
    const from = Math.max(0, -dx);
    const to = Math.min(28, 28 - dx);
    target.set(source.subarray(sy * 28 + from, sy * 28 + to), y * 28 + from + dx);
  }
}
