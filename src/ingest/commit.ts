// What decoded images become part of a dataset with: their one-shot content id (the reference the chunked
// writer's incremental id equals), the quota checks and their message, and gray → RGB.
import { earlierClassOrder } from '../core/class-order';
import { datasetId } from '../core/dataset-id';
import { formatBytes } from '../core/format';
import type { ImageShape, Split } from '../core/types';

/** One image that made it through decoding. */
export interface GoodImage {
  split: Split;
  label: number;
  path: string;
  pixels: Uint8Array;
  channels: 1 | 3;
}

export type StorageEstimate = () => Promise<{ usage?: number; quota?: number } | undefined>;

/**
 * Same pixels, labels, splits and classes ⇒ same id, whatever the files were called or the order they came in
 * (each image hashed alone and the digests sorted, so an exported dataset imports back to its own id).
 */
export function contentId(shape: ImageShape, classes: readonly string[], images: readonly GoodImage[]): string {
  return datasetId(shape, classes, images.map((g) => ({ split: g.split, label: g.label, pixels: g.channels === shape[2] ? g.pixels : grayToRgb(g.pixels) })));
}

/**
 * The id these images had when classes were ordered the earlier way (core/class-order), or undefined where that
 * order is this one: a dataset stored then is found again on a new import instead of being stored twice.
 */
export function earlierOrderId(shape: ImageShape, classes: readonly string[], images: readonly GoodImage[]): string | undefined {
  const earlier = earlierClassOrder(classes);
  if (earlier.every((name, i) => name === classes[i])) return undefined;
  const place = new Map(earlier.map((name, i) => [name, i]));
  const toEarlier = classes.map((name) => place.get(name) as number);
  return contentId(shape, earlier, images.map((g) => ({ ...g, label: toEarlier[g.label] as number })));
}

/** Room asked for beyond the pixels: labels, paths, the stores' own bookkeeping. */
export const QUOTA_MARGIN = 1.1;

/** Throws a readable error when the browser will not give us room for `bytes` more; else the free bytes, where known. */
export async function checkQuota(name: string, bytes: number, estimate: StorageEstimate): Promise<number | undefined> {
  const e = await estimate().catch(() => undefined);
  if (!e?.quota) return undefined;
  const free = e.quota - (e.usage ?? 0);
  if (bytes * QUOTA_MARGIN > free) throw new Error(quotaMessage(name, bytes, free));
  return free;
}

export function quotaMessage(name: string, bytes: number, free: number | undefined): string {
  return `${name}: not enough storage. This dataset needs about ${formatBytes(bytes)}` +
    (free !== undefined ? ` and the browser allows ${formatBytes(Math.max(0, free))} more` : ' and the browser refused to store more') +
    '. Nothing was saved: delete a dataset you no longer need, or free disk space, and try again.';
}

/** A write refused because the origin is out of quota (OPFS and IndexedDB both say so this way). */
export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'QuotaExceededError' : /quota/i.test(String(error));
}

export function grayToRgb(gray: Uint8Array): Uint8Array {
  const out = new Uint8Array(gray.length * 3);
  for (let i = 0; i < gray.length; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = gray[i] as number;
  return out;
}
