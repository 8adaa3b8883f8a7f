// From decoded images to one stored, immutable dataset version: the content id, the shards, the quota check,
// and a single write in which the shards and the record commit together or not at all.
import { earlierClassOrder } from '../core/class-order';
import { datasetId } from '../core/dataset-id';
import { formatBytes } from '../core/format';
import type { DatasetRecord, ImageShape, Split, SplitCounts } from '../core/types';
import { SPLITS } from '../core/types';
import type { ShardRecord } from '../storage/db';
import type { DatasetStore } from '../storage/datasets';

export const SHARD_SIZE = 4096;

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

export function buildShards(datasetId: string, shape: ImageShape, images: readonly GoodImage[]): ShardRecord[] {
  const shards: ShardRecord[] = [];
  const per = shape[0] * shape[1] * shape[2];
  for (const split of SPLITS) {
    const inSplit = images.filter((g) => g.split === split);
    for (let s = 0; s * SHARD_SIZE < inSplit.length; s++) {
      const part = inSplit.slice(s * SHARD_SIZE, (s + 1) * SHARD_SIZE);
      const pixels = new Uint8Array(part.length * per);
      part.forEach((g, i) => pixels.set(g.channels === shape[2] ? g.pixels : grayToRgb(g.pixels), i * per));
      shards.push({ datasetId, split, index: s, count: part.length, pixels, labels: Uint16Array.from(part, (g) => g.label), paths: part.map((g) => g.path) });
    }
  }
  return shards;
}

export function countsOf(images: readonly GoodImage[], classes: number): DatasetRecord['counts'] {
  const counts: DatasetRecord['counts'] = {};
  for (const g of images) {
    const c: SplitCounts = counts[g.split] ?? { perClass: new Array<number>(classes).fill(0), total: 0 };
    c.perClass[g.label] = (c.perClass[g.label] ?? 0) + 1;
    c.total++;
    counts[g.split] = c;
  }
  return counts;
}

/** Throws a readable error when the browser will not give us room for `bytes` more. */
export async function checkQuota(name: string, bytes: number, estimate: StorageEstimate): Promise<void> {
  const e = await estimate().catch(() => undefined);
  if (!e?.quota) return;
  const free = e.quota - (e.usage ?? 0);
  // IndexedDB needs some room beyond the pixels themselves (paths, labels, its own bookkeeping).
  if (bytes * 1.1 > free) throw new Error(quotaMessage(name, bytes, free));
}

export function quotaMessage(name: string, bytes: number, free: number | undefined): string {
  return `${name}: not enough storage. This dataset needs about ${formatBytes(bytes)}` +
    (free !== undefined ? ` and the browser allows ${formatBytes(Math.max(0, free))} more` : ' and the browser refused to store more') +
    '. Nothing was saved: delete a dataset you no longer need, or free disk space, and try again.';
}

/** Writes every shard and the record in one transaction; a quota failure leaves nothing behind. */
export async function storeVersion(store: DatasetStore, record: DatasetRecord, shards: ShardRecord[], onShard: (images: number) => void): Promise<void> {
  try {
    await store.commitVersion(record, shards, onShard);
  } catch (error) {
    if (isQuotaError(error)) throw new Error(quotaMessage(record.name, record.bytes, undefined));
    throw error;
  }
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'QuotaExceededError' : /quota/i.test(String(error));
}

export function grayToRgb(gray: Uint8Array): Uint8Array {
  const out = new Uint8Array(gray.length * 3);
  for (let i = 0; i < gray.length; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = gray[i] as number;
  return out;
}
