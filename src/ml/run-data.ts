// A run's images as the training loop reads them: the train split (less what validation holds out) and the
// validation and test batches, held in memory when they fit a budget from the device's memory (core/data-residency.ts)
// and streamed from stored shards otherwise. Shards are read only through `readShard`, in the dataset's shard layout.
import { inOrderWindows, windowImages } from '../core/epoch-order';
import { holdsValidation, planResidency, type Residency } from '../core/data-residency';
import type { Validation } from '../core/hparams';
import type { RunValidation } from '../core/run-validation';
import { shardCounts } from '../core/shard-layout';
import type { DatasetRecord, ShardData, Split } from '../core/types';
import { splitEpochData, type EpochData, type SplitPart } from './epoch-data';
import type { ImageParts, ImageSet } from './image-set';
import { shardStream } from './shard-stream';
import { residentSplit, type BatchStream, type SplitSource } from './split-source';
import { heldOutMask } from './validation-split';

export interface ShardReader {
  readShard(dataset: DatasetRecord, split: Split, index: number): Promise<ShardData>;
}

export interface RunDataOptions {
  /** Forces one path (benchmarks, tests); by default the residency budget decides. */
  residency?: 'memory' | 'stream';
  /** navigator.deviceMemory where the browser has it. */
  deviceMemoryGiB?: number;
  /** Overrides the budget derived from the device's memory. */
  budgetBytes?: number;
  /** Pixel bytes per window of the epoch order (default core/epoch-order.ts WINDOW_BYTES; tests use small ones). */
  windowBytes?: number;
}

export interface RunData {
  data: EpochData;
  used: RunValidation;
  residency: Residency;
  testCount: number;
  /** The test split's batches in index order (for the test accuracy at the end). */
  test(): BatchStream;
  dispose(): void;
}

const sum = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);

/** A whole split in memory, read shard by shard into one buffer (never two copies of it). */
export async function readSplit(store: ShardReader, dataset: DatasetRecord, split: Split): Promise<ImageSet> {
  const source = splitParts(store, dataset, split);
  const per = dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
  const pixels = new Uint8Array(source.count * per);
  const labels = new Uint16Array(source.count);
  let at = 0;
  for await (const shard of source.parts()) {
    pixels.set(shard.pixels.subarray(0, shard.count * per), at * per);
    labels.set(shard.labels.subarray(0, shard.count), at);
    at += shard.count;
  }
  return { shape: dataset.shape, count: source.count, pixels, labels };
}

/** A split's images as its shards, read one at a time when iterated, each checked against the dataset's record. */
export function splitParts(store: ShardReader, dataset: DatasetRecord, split: Split): ImageParts {
  const counts = shardCounts(dataset, split);
  return {
    shape: dataset.shape,
    count: sum(counts),
    parts: async function* () {
      for (let i = 0; i < counts.length; i++) yield await readChecked(store, dataset, split, i, counts[i] as number);
    },
  };
}

/** One shard, refused when it holds another number of images than the dataset's record says. */
async function readChecked(store: ShardReader, dataset: DatasetRecord, split: Split, index: number, expected: number): Promise<ShardData> {
  const shard = await store.readShard(dataset, split, index);
  if (shard.count !== expected) throw new Error(`Shard ${index + 1} of the ${split} split of "${dataset.name}" holds ${shard.count} images where its record says ${expected}: the stored dataset is damaged. Import it again.`);
  return shard;
}

/** A split's labels alone, read shard by shard (the pixels of one shard at a time). */
async function readLabels(store: ShardReader, dataset: DatasetRecord, split: Split): Promise<Uint16Array> {
  const source = splitParts(store, dataset, split);
  const labels = new Uint16Array(source.count);
  let at = 0;
  for await (const shard of source.parts()) {
    labels.set(shard.labels.subarray(0, shard.count), at);
    at += shard.count;
  }
  return labels;
}

export async function runData(
  store: ShardReader, dataset: DatasetRecord, planned: Validation, seed: number, batchSize: number, options: RunDataOptions = {},
): Promise<RunData> {
  const classes = dataset.classes.length;
  const per = dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
  const window = windowImages(per, options.windowBytes);
  const counts = { train: shardCounts(dataset, 'train'), test: shardCounts(dataset, 'test') };
  const totals = { train: sum(counts.train), test: sum(counts.test) };
  const bytes = (totals.train + (planned.kind === 'split' ? 0 : totals.test)) * per;
  const budget = planResidency({ bytes, ...(options.deviceMemoryGiB !== undefined ? { deviceMemoryGiB: options.deviceMemoryGiB } : {}), ...(options.budgetBytes !== undefined ? { budgetBytes: options.budgetBytes } : {}) });
  const inMemory = options.residency ? options.residency === 'memory' : budget.inMemory;
  const residency: Residency = inMemory ? { inMemory: true, bytes, budgetBytes: budget.budgetBytes }
    : { inMemory: false, bytes, budgetBytes: budget.budgetBytes, reason: budget.inMemory ? 'streaming was asked for' : budget.reason };

  const trainSet = inMemory ? await readSplit(store, dataset, 'train') : undefined;
  const labels = trainSet ? trainSet.labels : planned.kind === 'split' && totals.train >= 2 ? await readLabels(store, dataset, 'train') : undefined;
  const held = planned.kind === 'split' && totals.train >= 2 && labels ? heldOutMask(labels, planned.fraction, seed) : undefined;
  const heldCount = held ? held.reduce((n, h) => n + h, 0) : 0;
  const validationOn: RunValidation = held && heldCount > 0 ? { kind: 'split', fraction: planned.kind === 'split' ? planned.fraction : 0, seed, images: heldCount }
    : totals.test > 0 ? { kind: 'test', images: totals.test } : { kind: 'train', images: totals.train };

  const streamed = (split: 'train' | 'test'): SplitSource => shardStream({
    readShard: (index) => store.readShard(dataset, split, index), shardCounts: counts[split], shape: dataset.shape, classes, maxBatch: batchSize,
    what: `the ${split} split of "${dataset.name}"`,
  });
  // Streamed training still holds its validation images when they fit: read once, not once per epoch.
  const validationHeld = !inMemory && holdsValidation(validationOn.images * per, budget.budgetBytes);
  const testSet = (inMemory || validationHeld) && validationOn.kind === 'test' ? await readSplit(store, dataset, 'test') : undefined;
  const trainSource = trainSet ? residentSplit(trainSet, classes, batchSize, { alsoResident: testSet ? [testSet] : [] }) : streamed('train');
  let testSource: SplitSource | undefined = testSet ? residentSplit(testSet, classes, batchSize, { alsoResident: trainSet ? [trainSet] : [] }) : undefined;
  const testSplit = () => (testSource ??= streamed('test'));
  const heldSet = validationHeld && validationOn.kind === 'split' && held ? await readKept(store, dataset, 'train', held, heldCount) : undefined;
  const heldSource = heldSet ? residentSplit(heldSet, classes, batchSize) : undefined;

  const trainPart: SplitPart = { source: trainSource, shardCounts: counts.train, windowImages: window, ...(validationOn.kind === 'split' && held ? { keep: held.map((h) => 1 - h) } : {}) };
  // The held-out images gathered in the order a pass over the training shards visits them, so every validation
  // batch holds the same images either way.
  const validation: SplitPart = heldSource && heldSet ? { source: heldSource, shardCounts: [heldSet.count], windowImages: heldSet.count }
    : validationOn.kind === 'split' && held ? { ...trainPart, keep: held }
    : validationOn.kind === 'test' ? { source: testSplit(), shardCounts: counts.test, windowImages: window } : { ...trainPart };
  const data = splitEpochData({ seed, train: trainPart, validation, images: true, owns: [] });
  return {
    data, used: validationOn, residency, testCount: totals.test,
    test: () => testSplit().open(inOrderWindows(counts.test, window)),
    dispose: () => {
      trainSource.dispose();
      testSource?.dispose();
      heldSource?.dispose();
    },
  };
}

/** The images of a split that `keep` marks, in index order, read shard by shard (shards with none are not read). */
async function readKept(store: ShardReader, dataset: DatasetRecord, split: Split, keep: Uint8Array, count: number): Promise<ImageSet> {
  const counts = shardCounts(dataset, split);
  const per = dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
  const pixels = new Uint8Array(count * per);
  const labels = new Uint16Array(count);
  let start = 0;
  let at = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] as number;
    if (keep.subarray(start, start + n).some((k) => k !== 0)) {
      const shard = await readChecked(store, dataset, split, i, n);
      for (let j = 0; j < n; j++) {
        if (!keep[start + j]) continue;
        pixels.set(shard.pixels.subarray(j * per, (j + 1) * per), at * per);
        labels[at++] = shard.labels[j] as number;
      }
    }
    start += n;
  }
  if (at !== count) throw new Error(`${count} validation images were expected in the ${split} split of "${dataset.name}", ${at} were found`);
  return { shape: dataset.shape, count, pixels, labels };
}
