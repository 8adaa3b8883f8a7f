// The ingest pipeline: files → manifest → decoded bytes → shards → one committed dataset version.
// Bad files are reported and skipped; they never stop the good ones.
import { datasetId } from '../core/dataset-id';
import { chooseTargetSize, readImageHeader, type ImageFormat } from '../core/image-header';
import { buildManifest, csvPathsOf, DEFAULT_LAYOUT_OPTIONS, type LayoutOptions } from '../core/layout';
import type { DatasetRecord, ImageShape, IngestReport, Manifest, SkippedFile, Split, SplitCounts } from '../core/types';
import { SPLITS } from '../core/types';
import type { DatasetStore } from '../storage/datasets';
import { decodeImage, type ResizePolicy } from './decode';
import type { FileSource } from './sources';

export interface IngestOptions extends LayoutOptions {
  policy: ResizePolicy;
  /** Longest side of the target shape when it is chosen automatically. */
  maxSide: number;
  /** Fixed target size; chosen from the most common size when absent. */
  size?: { width: number; height: number };
  name?: string;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = { ...DEFAULT_LAYOUT_OPTIONS, policy: 'letterbox', maxSide: 64 };

export interface IngestProgress {
  phase: 'reading' | 'decoding' | 'writing';
  done: number;
  total: number;
  elapsedSeconds: number;
}

export interface IngestResult {
  datasetId: string;
  /** True when this exact content was already stored: nothing new was written. */
  existed: boolean;
  dataset: DatasetRecord;
}

export const SHARD_SIZE = 4096;
const IN_FLIGHT = 16;
export const MAX_IMAGE_SIDE = 8192;

interface Good {
  split: Split;
  label: number;
  path: string;
  pixels: Uint8Array;
  channels: 1 | 3;
}

export async function ingestSource(
  source: FileSource,
  store: DatasetStore,
  options: IngestOptions = DEFAULT_INGEST_OPTIONS,
  onProgress: (p: IngestProgress) => void = () => {},
  isCancelled: () => boolean = () => false,
): Promise<IngestResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const csvTexts = new Map<string, string>();
  for (const path of csvPathsOf(source.entries)) csvTexts.set(path, new TextDecoder().decode(await source.read(path)));
  const manifest = buildManifest(source.entries, csvTexts, options);
  if (manifest.items.length === 0) throw new Error(emptyMessage(source.name, manifest));
  const skipped: SkippedFile[] = [...manifest.skipped];

  // Pass 1: headers, so bad files are named precisely and the target size is known before decoding.
  const headers: ({ format: ImageFormat; width: number; height: number } | undefined)[] = [];
  await forEachLimited(manifest.items, IN_FLIGHT, async (item, i) => {
    const bytes = await source.read(item.path);
    const header = readImageHeader(bytes.subarray(0, 65536));
    if (!header.ok) skipped.push({ path: item.path, reason: header.reason });
    else if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE) skipped.push({ path: item.path, reason: `image too large (${header.width}×${header.height}; at most ${MAX_IMAGE_SIDE} pixels a side)` });
    else headers[i] = header;
    if (i % 64 === 0) onProgress({ phase: 'reading', done: i, total: manifest.items.length, elapsedSeconds: elapsed() });
    if (isCancelled()) throw cancelled();
  });
  const size = options.size ?? chooseTargetSize(headers.filter((h) => h !== undefined), options.maxSide);

  // Pass 2: decode to bytes of the target size.
  const classIndex = new Map(manifest.classes.map((c, i) => [c, i]));
  const good: (Good | undefined)[] = [];
  let done = 0;
  await forEachLimited(manifest.items, IN_FLIGHT, async (item, i) => {
    const header = headers[i];
    if (!header) return;
    try {
      const bytes = await source.read(item.path);
      const decoded = await decodeImage(bytes, header.format, size.width, size.height, options.policy, header.width, header.height);
      good[i] = { split: item.split, label: classIndex.get(item.label) as number, path: item.path, ...decoded };
    } catch {
      skipped.push({ path: item.path, reason: `corrupt or truncated ${header.format.toUpperCase()} (it could not be decoded)` });
    }
    if (++done % 64 === 0) onProgress({ phase: 'decoding', done, total: manifest.items.length, elapsedSeconds: elapsed() });
    if (isCancelled()) throw cancelled();
  });
  const images = good.filter((g): g is Good => g !== undefined).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (images.length === 0) throw new Error(`${source.name}: none of the ${manifest.items.length} images could be read. First problem: ${skipped[0]?.path}: ${skipped[0]?.reason}`);

  const channels: 1 | 3 = images.every((g) => g.channels === 1) ? 1 : 3;
  const shape: ImageShape = [size.height, size.width, channels];
  const id = contentId(shape, manifest.classes, images, channels);
  const existing = await store.get(id);
  if (existing) return { datasetId: id, existed: true, dataset: existing };

  const counts: DatasetRecord['counts'] = {};
  let bytes = 0;
  let written = 0;
  for (const split of SPLITS) {
    const inSplit = images.filter((g) => g.split === split);
    if (inSplit.length === 0) continue;
    counts[split] = countsOf(inSplit, manifest.classes.length);
    for (let s = 0; s * SHARD_SIZE < inSplit.length; s++) {
      const part = inSplit.slice(s * SHARD_SIZE, (s + 1) * SHARD_SIZE);
      const shard = toShard(id, split, s, part, shape);
      bytes += shard.pixels.byteLength;
      await store.putShard(shard);
      written += part.length;
      onProgress({ phase: 'writing', done: written, total: images.length, elapsedSeconds: elapsed() });
      if (isCancelled()) throw cancelled();
    }
  }
  const report: IngestReport = {
    skipped: skipped.sort((a, b) => a.path.localeCompare(b.path)),
    warnings: warningsFor(manifest.classes, counts),
    images: images.length,
    files: source.entries.length,
    seconds: elapsed(),
  };
  const dataset: DatasetRecord = {
    id, name: options.name ?? source.name, createdAt: Date.now(), layout: manifest.layout, shape,
    classes: manifest.classes, counts, bytes, report, ...(manifest.split ? { split: manifest.split } : {}),
  };
  await store.commit(dataset);
  return { datasetId: id, existed: false, dataset };
}

function toShard(datasetId: string, split: Split, index: number, part: Good[], shape: ImageShape) {
  const per = shape[0] * shape[1] * shape[2];
  const pixels = new Uint8Array(part.length * per);
  part.forEach((g, i) => pixels.set(g.channels === shape[2] ? g.pixels : grayToRgb(g.pixels), i * per));
  return { datasetId, split, index, count: part.length, pixels, labels: Uint16Array.from(part, (g) => g.label), paths: part.map((g) => g.path) };
}

function grayToRgb(gray: Uint8Array): Uint8Array {
  const out = new Uint8Array(gray.length * 3);
  for (let i = 0; i < gray.length; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = gray[i] as number;
  return out;
}

/** Same pixels, labels, splits and classes ⇒ same id, whatever the files were called or their order. */
function contentId(shape: ImageShape, classes: string[], images: Good[], channels: 1 | 3): string {
  return datasetId(shape, classes, images.map((g) => ({ split: g.split, label: g.label, pixels: g.channels === channels ? g.pixels : grayToRgb(g.pixels) })));
}

function countsOf(images: Good[], classes: number): SplitCounts {
  const perClass = new Array<number>(classes).fill(0);
  for (const g of images) perClass[g.label] = (perClass[g.label] ?? 0) + 1;
  return { perClass, total: images.length };
}

export function warningsFor(classes: string[], counts: DatasetRecord['counts']): string[] {
  const warnings: string[] = [];
  if (classes.length === 1) warnings.push(`only one class ("${classes[0]}"): a classifier needs at least two`);
  const train = counts.train?.perClass ?? [];
  classes.forEach((c, i) => {
    if ((train[i] ?? 0) === 0) warnings.push(`class "${c}" has no training images`);
    if (counts.test && (counts.test.perClass[i] ?? 0) === 0) warnings.push(`class "${c}" is missing from the test split`);
  });
  if (!counts.test) warnings.push('no test split: accuracy cannot be measured on held-out images');
  const nonZero = train.filter((n) => n > 0);
  if (nonZero.length >= 2 && Math.max(...nonZero) >= 10 * Math.min(...nonZero)) {
    warnings.push(`heavy class imbalance in train: ${Math.max(...nonZero)} images in the largest class, ${Math.min(...nonZero)} in the smallest`);
  }
  return warnings;
}

function emptyMessage(name: string, manifest: Manifest): string {
  const first = manifest.skipped[0];
  return `${name}: no labelled images found. Expected train/ and test/ with groundtruth.csv, or one folder per class.` +
    (first ? ` First file left out: ${first.path} (${first.reason}).` : '');
}

function cancelled(): DOMException {
  return new DOMException('Import cancelled', 'AbortError');
}

/** Runs `fn` over items with at most `limit` calls in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

