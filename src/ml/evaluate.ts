// Loss and accuracy of a model over a set in memory or over a stream of batches (ml/split-source.ts), summed on the
// device and read once: the training loop's validation and a run's test accuracy.
import * as tf from '@tensorflow/tfjs';
import { inOrderWindows } from '../core/epoch-order';
import type { TrainData } from './feature-set';
import { meanCrossEntropy } from './loss';
import { residentSplit, type BatchStream } from './split-source';
import { makeMetricsAccumulator } from './train-metrics';

export interface EvaluateOptions {
  /** Sum loss and accuracy in one kernel per batch on WebGPU (default true). */
  deviceMetrics?: boolean;
  /** The loss as one kernel on WebGPU (default true). */
  fusedLoss?: boolean;
}

/** Mean loss and accuracy over a whole set in memory, in batches built on the host, reading the device once. */
export async function evaluateLoss(
  model: { predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] }, set: TrainData, classes: number, batchSize: number, options: EvaluateOptions = {},
): Promise<{ loss: number; accuracy: number }> {
  if (set.count === 0) return { loss: Number.NaN, accuracy: Number.NaN };
  const source = residentSplit(set, classes, batchSize, { onDevice: false });
  try {
    return await evaluateBatches(model, source.open(inOrderWindows([set.count], set.count)), batchSize, options);
  } finally {
    source.dispose();
  }
}

/** Mean loss and accuracy over every batch of a stream (which it disposes), reading the device once. */
export async function evaluateBatches(
  model: { predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] }, stream: BatchStream, batchSize: number, options: EvaluateOptions = {},
): Promise<{ loss: number; accuracy: number }> {
  const count = stream.count;
  if (count === 0) {
    stream.dispose();
    return { loss: Number.NaN, accuracy: Number.NaN };
  }
  const sums = makeMetricsAccumulator(options.deviceMetrics ?? true);
  try {
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(start + batchSize, count) - start;
      const batch = await stream.next(n);
      tf.tidy(() => {
        const { x, y, labels } = batch;
        const probs = model.predict(x) as tf.Tensor2D;
        const cost = meanCrossEntropy(y, probs, options.fusedLoss ?? true);
        sums.add({ cost, probs, y, ...(labels ? { labels } : {}), n });
      });
      tf.dispose([batch.x, batch.y, ...(batch.labels ? [batch.labels] : [])]);
    }
    const { loss, correct } = await sums.read();
    return { loss: loss / count, accuracy: correct / count };
  } finally {
    sums.dispose();
    stream.dispose();
  }
}
