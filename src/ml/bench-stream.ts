// Streaming training against in-memory training, for `npm run bench` (scripts/bench/52-stream-train.mjs): real-based
// 28×28 digits (the real ones with seeded shifts and small rotations) cut into shards, and one epoch of a zoo model
// trained on them either held in memory or streamed from the stored shards (ml/run-data.ts picks the path).
import * as tf from '@tensorflow/tfjs';
import type { HParams } from '../core/hparams';
import { seededRandom } from '../core/random';
import type { DatasetRecord, ShardData } from '../core/types';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../core/zoo';
import { buildModel } from './build-model';
import type { EpochData } from './epoch-data';
import { runData, type ShardReader } from './run-data';
import { makeOptimizer, train } from './train';

const SIDE = 28;

/** A digit turned by `angle` radians about its centre and moved by (dx, dy) pixels (nearest pixel; uncovered = black). */
export function moveDigit(source: Uint8Array, target: Uint8Array, angle: number, dx: number, dy: number): void {
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const c = (SIDE - 1) / 2;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const [u, v] = [x - dx - c, y - dy - c];
      const sx = Math.round(cos * u + sin * v + c);
      const sy = Math.round(-sin * u + cos * v + c);
      target[y * SIDE + x] = sx >= 0 && sx < SIDE && sy >= 0 && sy < SIDE ? (source[sy * SIDE + sx] as number) : 0;
    }
  }
}

/** Images `from…from+count` of the real-based set: real digit i mod n, shifted by up to 2 pixels, turned by up to 12°. */
export function variantShard(pixels: Uint8Array, labels: Uint8Array, from: number, count: number, seed: number): Omit<ShardData, 'paths'> {
  const per = SIDE * SIDE;
  const n = labels.length;
  const random = seededRandom(seed * 7_919 + from);
  const out = new Uint8Array(count * per);
  const outLabels = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const real = (from + i) % n;
    const angle = ((random() * 2 - 1) * 12 * Math.PI) / 180;
    moveDigit(pixels.subarray(real * per, (real + 1) * per), out.subarray(i * per, (i + 1) * per), angle, Math.floor(random() * 5) - 2, Math.floor(random() * 5) - 2);
    outLabels[i] = labels[real] as number;
  }
  return { count, pixels: out, labels: outLabels };
}

export interface StreamEpochResult {
  mode: 'memory' | 'stream';
  samplesPerSecond: number;
  images: number;
  /** Reading the data before the first batch (the whole split when in memory). */
  loadSeconds: number;
  epochSeconds: number;
  loss: number;
  valAccuracy: number;
  /** Seconds the loop spent waiting for its training batches (reads not yet delivered, and building the batch). */
  batchWaitSeconds: number;
  reason?: string;
}

/** The data with the time spent in its training batches' `next` summed into `wait.seconds`. */
function timedBatches(data: EpochData, wait: { seconds: number }): EpochData {
  return {
    count: data.count, validationCount: data.validationCount, images: data.images, validation: () => data.validation(), dispose: () => data.dispose(),
    epoch(epoch) {
      const stream = data.epoch(epoch);
      return {
        count: stream.count,
        dispose: () => stream.dispose(),
        async next(n) {
          const started = performance.now();
          const batch = await stream.next(n);
          wait.seconds += (performance.now() - started) / 1000;
          return batch;
        },
      };
    },
  };
}

/** One epoch of zoo model `modelId` on the dataset's train split, validated on its test split, held in memory or streamed. */
export async function timeStreamEpoch(store: ShardReader, dataset: DatasetRecord, mode: 'memory' | 'stream', modelId: string, batchSize: number): Promise<StreamEpochResult> {
  const spec = BUILT_IN_MODELS.find((m) => m.id === modelId);
  if (!spec) throw new Error(`no zoo model ${modelId}`);
  const hparams: HParams = { ...(BUILT_IN_HPARAMS[0] as HParams), epochs: 1, batchSize, seed: 1, validation: { kind: 'test' } };
  const started = performance.now();
  const data = await runData(store, dataset, { kind: 'test' }, hparams.seed, batchSize, { residency: mode });
  const loadSeconds = (performance.now() - started) / 1000;
  const model = buildModel(spec.layers, dataset.shape, dataset.classes.length, hparams.seed);
  const optimizer = makeOptimizer(hparams);
  try {
    const wait = { seconds: 0 };
    const [stats] = await train({ model, optimizer, hparams, classes: dataset.classes.length, train: timedBatches(data.data, wait), reportEvery: 50 });
    if (!stats) throw new Error('the epoch did not run');
    return {
      mode, samplesPerSecond: stats.samplesPerSecond, images: data.data.count, loadSeconds, epochSeconds: stats.seconds, loss: stats.loss, valAccuracy: stats.valAccuracy,
      batchWaitSeconds: wait.seconds,
      ...(data.residency.inMemory ? {} : { reason: data.residency.reason }),
    };
  } finally {
    data.dispose();
    model.dispose();
    optimizer.dispose();
  }
}
