// Chunked writing of an import: decoded images go into a shard buffer per split, and each full buffer is
// written to the pixel shard store at once, so memory holds a few shards, never the dataset. The shards are
// written under a fresh key with a pending import record (and a Web Lock, so another tab's start-up cleanup
// leaves a running import alone); the dataset record appears only in `finish`, in one small transaction. The
// content id is built from per-image digests as images arrive (core/dataset-digests).
import { DatasetDigests } from '../core/dataset-digests';
import { needsEstimate, type KnownRoom } from '../core/quota-recheck';
import type { DatasetRecord, ImageShape, ShardData, ShardLayout, Split } from '../core/types';
import { SPLITS } from '../core/types';
import type { DatasetStore } from '../storage/datasets';
import type { PendingImport } from '../storage/db';
import { holdImportLock } from '../storage/import-locks';
import type { PixelShardStore } from '../storage/pixel-shards';
import { checkQuota, grayToRgb, isQuotaError, QUOTA_MARGIN, quotaMessage, type GoodImage, type StorageEstimate } from './commit';

/** Bytes of pixels a shard aims at: large enough for fast reads, small enough to hold a few in memory. */
export const SHARD_BYTES = 4 * 1024 * 1024;

export function imagesPerShard(bytesPerImage: number): number {
  return Math.max(4, Math.min(8192, Math.floor(SHARD_BYTES / bytesPerImage)));
}

export interface ShardWriterOptions {
  store: DatasetStore;
  name: string;
  size: { width: number; height: number };
  classes: readonly string[];
  /** Images the manifest lists: the quota checks estimate the rest of the import from it. */
  expected: number;
  /** Channels the preview expects (1 when its sample was all gray); the first check assumes 1 without it. */
  channelsHint?: 1 | 3;
  estimate: StorageEstimate;
  /** Bytes written between two estimates while the last still proves there is room (core/quota-recheck). */
  estimateEvery?: number;
}

/** What the written shards add up to, once the last one is written. */
export interface SealedImport {
  shape: ImageShape;
  layout: ShardLayout;
  counts: DatasetRecord['counts'];
  images: number;
  bytes: number;
  id: string;
  earlierId?: string;
}

interface OpenShard {
  pixels: Uint8Array;
  labels: Uint16Array;
  paths: string[];
  count: number;
}

export class ShardWriter {
  private channels: 1 | 3 | undefined;
  private readonly open = new Map<Split, OpenShard>();
  /** Images per shard written, per split. */
  private readonly written = new Map<Split, number[]>();
  private readonly counts: DatasetRecord['counts'] = {};
  private readonly digests: DatasetDigests;
  private added = 0;
  private bytes = 0;

  private constructor(
    private readonly options: ShardWriterOptions,
    private readonly shards: PixelShardStore,
    private readonly pending: PendingImport,
    private readonly release: () => void,
    /** What the last storage estimate said, to ask again only when it no longer proves the rest fits. */
    private room: KnownRoom | undefined,
  ) {
    this.digests = new DatasetDigests(options.classes);
  }

  /** Checks the room for the whole import, then marks it pending. */
  static async begin(options: ShardWriterOptions): Promise<ShardWriter> {
    const { width, height } = options.size;
    const free = await checkQuota(options.name, options.expected * width * height * (options.channelsHint ?? 1), options.estimate);
    const shards = await options.store.newShardStore();
    const key = crypto.randomUUID();
    // The lock is held before the record exists: cleanup never sees a pending record without its lock.
    const release = await holdImportLock(key);
    const pending: PendingImport = { key, name: options.name, store: shards.kind, started: Date.now(), images: 0, bytes: 0 };
    try {
      await options.store.beginImport(pending);
    } catch (error) {
      release();
      throw error;
    }
    return new ShardWriter(options, shards, pending, release, free === undefined ? undefined : { free, writtenAt: 0 });
  }

  get key(): string {
    return this.pending.key;
  }

  async add(image: GoodImage): Promise<void> {
    if (image.channels === 3 && this.channels !== 3) await this.becomeRgb();
    this.channels ??= image.channels;
    const pixels = image.channels === this.channels ? image.pixels : grayToRgb(image.pixels);
    const shard = this.openShard(image.split);
    shard.pixels.set(pixels, shard.count * pixels.length);
    shard.labels[shard.count] = image.label;
    shard.paths.push(image.path);
    shard.count++;
    this.digests.add(image.split, image.label, pixels);
    const counts = (this.counts[image.split] ??= { perClass: new Array<number>(this.options.classes.length).fill(0), total: 0 });
    counts.perClass[image.label] = (counts.perClass[image.label] ?? 0) + 1;
    counts.total++;
    this.added++;
    if (shard.count * pixels.length === shard.pixels.length) await this.flush(image.split);
  }

  /** Writes what is left in the buffers; the import's shards are then complete. */
  async seal(): Promise<SealedImport> {
    for (const split of SPLITS) await this.flush(split);
    const shape: ImageShape = [this.options.size.height, this.options.size.width, this.channels ?? 1];
    const counts: ShardLayout['counts'] = {};
    for (const [split, list] of this.written) if (list.length) counts[split] = [...list];
    return { shape, layout: { key: this.key, store: this.shards.kind, counts }, counts: this.counts, images: this.added, bytes: this.bytes, ...this.digests.ids(shape) };
  }

  /** The dataset becomes visible, and the import stops being pending, in one transaction. */
  async finish(record: DatasetRecord): Promise<void> {
    try {
      await this.options.store.finishImport(record, this.key);
    } finally {
      this.release();
    }
  }

  /** Removes everything this import wrote (cancel, an error, or content that was already stored). */
  async abandon(): Promise<void> {
    this.open.clear();
    try {
      await this.options.store.abandonImport(this.pending);
    } finally {
      this.release();
    }
  }

  private bytesPerImage(): number {
    return this.options.size.width * this.options.size.height * (this.channels ?? this.options.channelsHint ?? 1);
  }

  private openShard(split: Split): OpenShard {
    let shard = this.open.get(split);
    if (!shard) {
      const capacity = imagesPerShard(this.bytesPerImage());
      shard = { pixels: new Uint8Array(capacity * this.bytesPerImage()), labels: new Uint16Array(capacity), paths: [], count: 0 };
      this.open.set(split, shard);
    }
    return shard;
  }

  private async flush(split: Split): Promise<void> {
    const shard = this.open.get(split);
    if (!shard || shard.count === 0) return;
    this.open.delete(split);
    const list = this.written.get(split) ?? [];
    this.written.set(split, list);
    const per = shard.pixels.length / shard.labels.length;
    await this.write(split, list.length, { count: shard.count, pixels: shard.pixels.subarray(0, shard.count * per), labels: shard.labels.subarray(0, shard.count), paths: shard.paths });
    list.push(shard.count);
  }

  /** Writes one shard after checking there is room for it and the rest of the import. */
  private async write(split: Split, index: number, shard: ShardData): Promise<void> {
    const rest = shard.pixels.byteLength + Math.max(0, this.options.expected - this.added) * this.bytesPerImage();
    if (needsEstimate(this.room, this.bytes, rest, QUOTA_MARGIN, this.options.estimateEvery)) {
      const e = await this.options.estimate().catch(() => undefined);
      const free = e?.quota ? e.quota - (e.usage ?? 0) : undefined;
      this.room = free === undefined ? undefined : { free, writtenAt: this.bytes };
      if (free !== undefined && rest * QUOTA_MARGIN > free) throw this.quotaError(rest, free);
    }
    try {
      await this.shards.write(this.key, split, index, shard);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      // The estimate is quoted only when it agrees that the rest does not fit: Chromium's estimate() ignores a
      // quota set through DevTools, which still refuses the write.
      const after = await this.options.estimate().catch(() => undefined);
      const free = after?.quota ? after.quota - (after.usage ?? 0) : undefined;
      throw this.quotaError(rest, free !== undefined && rest * QUOTA_MARGIN > free ? free : undefined);
    }
    this.bytes += shard.pixels.byteLength;
    this.pending.images += shard.count;
    this.pending.bytes += shard.pixels.byteLength;
    await this.options.store.noteImport(this.pending);
  }

  /** Needs and room for the whole import: what it wrote so far is given back when it stops. */
  private quotaError(rest: number, free: number | undefined): Error {
    return new Error(quotaMessage(this.options.name, this.bytes + rest, free === undefined ? undefined : free + this.bytes));
  }

  /**
   * A colour image after gray ones: the dataset is RGB. Shards written gray are read back, widened and written
   * again, and every digest is taken again at the new shape (an RGB dataset hashes its gray images as RGB).
   */
  private async becomeRgb(): Promise<void> {
    const wasGray = this.channels === 1;
    this.channels = 3;
    if (!wasGray) return;
    for (const split of SPLITS) await this.flush(split);
    this.digests.clear();
    this.bytes = 0;
    this.room = undefined;
    this.pending.images = 0;
    this.pending.bytes = 0;
    for (const [split, list] of this.written) {
      for (let index = 0; index < list.length; index++) {
        const gray = await this.shards.read(this.key, split, index);
        if (!gray) throw new Error(`${this.options.name}: shard ${index + 1} of ${split} vanished while the import ran.`);
        const rgb = { ...gray, pixels: grayToRgb(gray.pixels) };
        const per = rgb.pixels.length / rgb.count;
        for (let i = 0; i < rgb.count; i++) this.digests.add(split, rgb.labels[i] as number, rgb.pixels.subarray(i * per, (i + 1) * per));
        await this.write(split, index, rgb);
      }
    }
  }
}
