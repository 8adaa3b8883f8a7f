// What the training loop reads: each epoch's batches and the validation batches, from sets in memory or from a split
// streamed out of stored shards. Either way the epoch order is core/epoch-order.ts's, so the two paths train alike.
import { epochWindows, inOrderWindows } from '../core/epoch-order';
import type { BatchSourceOptions } from './batch-source';
import { isFeatureSet, type TrainData } from './feature-set';
import { residentSplit, type BatchStream, type SplitSource } from './split-source';

export interface EpochData {
  /** Training images per epoch. */
  readonly count: number;
  readonly validationCount: number;
  /** Images (augmentation applies), not a backbone's feature vectors. */
  readonly images: boolean;
  /** Why the data sits where it does (on the GPU, on the host, streamed). */
  readonly reason?: string;
  epoch(epoch: number): BatchStream;
  validation(): BatchStream;
  dispose(): void;
}

/** One split's images, the order they are read in, and which of them a pass visits. */
export interface SplitPart {
  source: SplitSource;
  /** Images per shard (a set in memory that never was sharded: one shard of all its images). */
  shardCounts: readonly number[];
  /** Images a window holds (core/epoch-order.ts windowImages). */
  windowImages: number;
  /** Per global index, non-zero for the images this part visits; all when absent. */
  keep?: Uint8Array;
}

export interface SplitEpochDataOptions {
  seed: number;
  /** Training images; `keep` leaves out those held for validation. */
  train: SplitPart;
  validation: SplitPart;
  images: boolean;
  /** Sources this data disposes with itself (a source shared by both parts is listed once). */
  owns: readonly SplitSource[];
}

const visited = (part: SplitPart) => (part.keep ? part.keep.reduce((n, k) => n + (k ? 1 : 0), 0) : part.shardCounts.reduce((a, b) => a + b, 0));

export function splitEpochData(options: SplitEpochDataOptions): EpochData {
  const { train, validation, seed } = options;
  const heldOut = train.keep && train.keep.map((k) => (k ? 0 : 1));
  const validationWindows = inOrderWindows(validation.shardCounts, validation.windowImages, validation.keep);
  return {
    count: visited(train),
    validationCount: visited(validation),
    images: options.images,
    ...(train.source.reason !== undefined ? { reason: train.source.reason } : {}),
    epoch: (epoch) => train.source.open(epochWindows({ seed, epoch, shardCounts: train.shardCounts, windowImages: train.windowImages, ...(heldOut ? { heldOut } : {}) })),
    validation: () => validation.source.open(validationWindows),
    dispose: () => options.owns.forEach((s) => s.dispose()),
  };
}

/** Two sets in memory (as tests and benchmarks hand them to the loop): each one shard, in one window. */
export function setsEpochData(train: TrainData, validation: TrainData, classes: number, maxBatch: number, seed: number, options: BatchSourceOptions = {}): EpochData {
  const trainSource = residentSplit(train, classes, maxBatch, { ...options, alsoResident: [validation] });
  const validationSource = residentSplit(validation, classes, maxBatch, { ...options, alsoResident: [train] });
  const whole = (set: TrainData, source: SplitSource): SplitPart => ({ source, shardCounts: [set.count], windowImages: Math.max(1, set.count) });
  return splitEpochData({
    seed, train: whole(train, trainSource), validation: whole(validation, validationSource),
    images: !isFeatureSet(train), owns: [trainSource, validationSource],
  });
}

export function isEpochData(data: TrainData | EpochData): data is EpochData {
  return typeof (data as EpochData).epoch === 'function';
}
