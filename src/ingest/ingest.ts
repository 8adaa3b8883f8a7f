// The ingest pipeline: manifest → each file read once, its header checked, decoded to the target size and
// written in shards as it comes (ingest/shard-writer) → one committed dataset version. Memory holds a few
// batches of files and a few shards, whatever the number of images. Bad files are reported and skipped; they
// never stop the good ones.
import { checkImageBytes } from '../core/image-check';
import { IMAGE_SIDE_LIMIT } from '../core/input-budget';
import { comparePaths } from '../core/layout';
import { ingestOrder } from '../core/ingest-order';
import type { DatasetRecord, IngestReport, Manifest, ManifestItem, SkippedFile } from '../core/types';
import type { DatasetStore } from '../storage/datasets';
import type { GoodImage, StorageEstimate } from './commit';
import { ShardWriter } from './shard-writer';
import { decodeFast, type ResizePolicy } from './decode';
import { localDecoder, type DecodeJob, type DecodeOutcome, type Decoder } from './decode-pool';
import { warningsFor } from './warnings';
import type { FileSource, ReadResult } from './sources';

export interface IngestOptions {
  /** Every image is resized to this, with `policy` for other aspect ratios. */
  size: { width: number; height: number };
  policy: ResizePolicy;
  name: string;
}

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

export interface IngestContext {
  store: DatasetStore;
  onProgress?: (p: IngestProgress) => void;
  isCancelled?: () => boolean;
  estimate?: StorageEstimate;
  /** Channels the preview's sample suggests, for the quota check before the first image is decoded. */
  channelsHint?: 1 | 3;
  /** Nothing reads the source after this import: its files are let go of batch by batch as they are decoded. */
  lastUse?: boolean;
  /** Where images the synchronous PNG path does not take are decoded (decode-pool); here when absent. */
  decoder?: Decoder;
}

/** Files read per batch: one read of the packed blob each, and a progress update each. */
const BATCH = 256;
/** Batches being read while one decodes. */
const READ_AHEAD = 4;
/** Batches decoded ahead of the one being written (at most READ_AHEAD). */
const DECODE_AHEAD = 2;
export const MAX_IMAGE_SIDE = IMAGE_SIDE_LIMIT;

export async function ingestManifest(source: FileSource, manifest: Manifest, options: IngestOptions, ctx: IngestContext): Promise<IngestResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const progress = ctx.onProgress ?? (() => {});
  const checkCancel = () => {
    if (ctx.isCancelled?.()) throw new DOMException('Import cancelled', 'AbortError');
  };
  if (manifest.items.length === 0) throw new Error(emptyMessage(source.name, manifest));
  // Every shard a mix of the classes, so a stream of a few shards at a time still sees them all (core/ingest-order).
  manifest = { ...manifest, items: ingestOrder(manifest.items) };
  const skipped: SkippedFile[] = [...manifest.skipped];
  const classIndex = new Map(manifest.classes.map((c, i) => [c, i]));
  const total = manifest.items.length;
  // The first batches are read and decoded while the writer begins (its storage estimate, shard folder, lock and
  // pending record: about 60 ms for 30,000 photos here); its quota check still comes before anything is written.
  const beginning = ShardWriter.begin({
    store: ctx.store, name: options.name, size: options.size, classes: manifest.classes, expected: total,
    estimate: ctx.estimate ?? (async () => undefined), ...(ctx.channelsHint ? { channelsHint: ctx.channelsHint } : {}),
  });
  // Its failure (a quota too small) is met where the first batch is handed to it, or below.
  beginning.catch(() => {});
  try {
    await decodeAll(source, manifest, options, classIndex, skipped, beginning, {
      progress, checkCancel, elapsed, release: ctx.lastUse === true, decoder: ctx.decoder ?? localDecoder,
    });
    const writer = await beginning;
    progress({ phase: 'writing', done: total, total, elapsedSeconds: elapsed() });
    const sealed = await writer.seal();
    if (sealed.images === 0) {
      const images = new Set(manifest.items.map((i) => i.path));
      const first = skipped.find((s) => images.has(s.path)) ?? skipped[0];
      throw new Error(`${source.name}: none of the ${total} images could be read. First problem: ${first?.path}: ${first?.reason}`);
    }
    const existing = (await ctx.store.get(sealed.id)) ?? (sealed.earlierId === undefined ? undefined : await ctx.store.get(sealed.earlierId));
    if (existing) {
      await writer.abandon();
      return { datasetId: existing.id, existed: true, dataset: existing };
    }
    checkCancel();
    const report: IngestReport = {
      skipped: skipped.sort(comparePaths),
      warnings: warningsFor(manifest.classes, sealed.counts),
      images: sealed.images,
      files: source.entries.length,
      seconds: elapsed(),
    };
    const dataset: DatasetRecord = {
      id: sealed.id, name: options.name, createdAt: Date.now(), layout: manifest.layout, shape: sealed.shape, classes: manifest.classes,
      counts: sealed.counts, bytes: sealed.bytes, report, shardLayout: sealed.layout, ...(manifest.split ? { split: manifest.split } : {}),
    };
    await writer.finish(dataset);
    return { datasetId: sealed.id, existed: false, dataset };
  } catch (error) {
    // Also a writer that began after the import failed (its reads failed first).
    await (await beginning.catch(() => undefined))?.abandon().catch(() => {});
    throw error;
  }
}

interface Pace {
  progress: (p: IngestProgress) => void;
  checkCancel: () => void;
  elapsed: () => number;
  /** Let go of each batch's files once decoded (IngestContext.lastUse). */
  release: boolean;
  decoder: Decoder;
}

/** One batch read, checked and decoded: its images in manifest order (undefined where skipped). */
type DecodedBatch = (GoodImage | undefined)[];

/**
 * Reads and decodes every image of the manifest in batches, handing each good one to the writer in order. The
 * next batch is read and decoded (by the decode workers, where there are) while this one is hashed and written.
 */
async function decodeAll(
  source: FileSource, manifest: Manifest, options: IngestOptions, classIndex: Map<string, number>, skipped: SkippedFile[],
  writer: Promise<ShardWriter>, pace: Pace,
): Promise<void> {
  const { progress, checkCancel, elapsed } = pace;
  const { width, height } = options.size;
  const target = { width, height, policy: options.policy };
  const total = manifest.items.length;
  const read = (start: number) => source.readMany(manifest.items.slice(start, start + BATCH).map((item) => item.path));
  // Reads run ahead of decoding: the disk and the decoder work at the same time.
  const reads = new Map<number, Promise<ReadResult[]>>();
  for (let k = 0; k < READ_AHEAD && k * BATCH < total; k++) reads.set(k * BATCH, read(k * BATCH));

  const prepare = async (start: number): Promise<DecodedBatch> => {
    const batch = manifest.items.slice(start, start + BATCH);
    const files = await (reads.get(start) ?? read(start));
    reads.delete(start);
    const ahead = start + READ_AHEAD * BATCH;
    if (ahead < total) reads.set(ahead, read(ahead));
    const decoded: DecodedBatch = new Array(batch.length);
    const slow: { index: number; job: DecodeJob }[] = [];
    batch.forEach((item, i) => {
      const bytes = files[i];
      if (!(bytes instanceof Uint8Array)) return void skipped.push({ path: item.path, reason: bytes?.error ?? 'could not be read' });
      // The same checks the preview ran on the files it read, so a bad file gets the same reason either way.
      const checked = checkImageBytes(bytes);
      if (!checked.ok) return void skipped.push({ path: item.path, reason: checked.reason });
      const header = checked.header;
      const fast = decodeFast(bytes, header.format, width, height, header.width, header.height);
      if (fast) decoded[i] = { split: item.split, label: classIndex.get(item.label) as number, path: item.path, ...fast };
      else slow.push({ index: i, job: { bytes, format: header.format, srcWidth: header.width, srcHeight: header.height } });
    });
    // The rest go through the browser's decoder or WebAssembly, in the decode workers where there are.
    const outcomes = await pace.decoder.decode(slow.map((s) => s.job), target);
    slow.forEach(({ index, job }, k) => {
      const item = batch[index] as ManifestItem;
      const outcome = outcomes[k] as DecodeOutcome;
      if ('pixels' in outcome) decoded[index] = { split: item.split, label: classIndex.get(item.label) as number, path: item.path, pixels: outcome.pixels, channels: outcome.channels };
      else skipped.push({ path: item.path, reason: 'refused' in outcome ? outcome.refused : `corrupt or truncated ${job.format.toUpperCase()} (it could not be decoded)` });
    });
    return decoded;
  };

  // Batches being decoded while one is written: the decode workers always have the next one queued.
  const decoding: Promise<DecodedBatch>[] = [];
  for (let k = 0; k < DECODE_AHEAD && k * BATCH < total; k++) decoding.push(prepare(k * BATCH));
  try {
    for (let start = 0; start < total; start += BATCH) {
      const decoded: DecodedBatch = await (decoding.shift() as Promise<DecodedBatch>);
      const ahead = start + DECODE_AHEAD * BATCH;
      if (ahead < total) decoding.push(prepare(ahead));
      checkCancel();
      const shards = await writer;
      for (const g of decoded) if (g) await shards.add(g);
      if (pace.release) source.release?.(manifest.items.slice(start, start + BATCH).map((item) => item.path));
      progress({ phase: 'decoding', done: Math.min(total, start + BATCH), total, elapsedSeconds: elapsed() });
      checkCancel();
    }
  } finally {
    // Work still in flight when the import stops is let go of, its failures unobserved.
    for (const pending of decoding) pending.catch(() => {});
    for (const pending of reads.values()) pending.catch(() => {});
  }
}

function emptyMessage(name: string, manifest: Manifest): string {
  const first = manifest.skipped[0];
  return `${name}: no labelled images found. Expected train/ and test/ with groundtruth.csv, train/ and test/ with one folder per class, or one folder per class.` +
    (first ? ` First file left out: ${first.path} (${first.reason}).` : '');
}
