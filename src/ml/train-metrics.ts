// The running sums a training epoch reports (loss × samples, correct predictions), kept on the device and read
// only when someone asks: as tfjs ops on any backend, or as one kernel per batch on WebGPU
// (kernels/webgpu/batch-metrics.ts).
import * as tf from '@tensorflow/tfjs';
import { activeWebGpu } from './kernels/webgpu/backend-internals';
import { addBatchMetrics } from './kernels/webgpu/batch-metrics';

export interface BatchResult {
  /** Mean loss of the batch. */
  cost: tf.Scalar;
  probs: tf.Tensor2D;
  /** One-hot labels. */
  y: tf.Tensor2D;
  /** Class indices, when the batch has them (saves an argMax of `y`). */
  labels?: tf.Tensor1D;
  n: number;
}

export interface EpochSums {
  /** Σ mean loss × batch size. */
  loss: number;
  correct: number;
}

export interface MetricsAccumulator {
  /** Adds a batch; the caller keeps ownership of its tensors. Safe inside tf.tidy (the sums are kept). */
  add(batch: BatchResult): void;
  /** The sums so far (waits for the device). */
  read(): Promise<EpochSums>;
  dispose(): void;
}

/** One kernel per batch on WebGPU when `onDevice` (default); tfjs ops otherwise. */
export function makeMetricsAccumulator(onDevice = true): MetricsAccumulator {
  const backend = onDevice ? activeWebGpu() : undefined;
  if (!backend) return opsAccumulator();
  let sums: tf.Tensor = tf.keep(tf.zeros([2]));
  return {
    add(b) {
      const next = tf.keep(tf.engine().makeTensorFromTensorInfo(addBatchMetrics(backend, sums, b.probs, b.y, b.cost)));
      sums.dispose();
      sums = next;
    },
    async read() {
      const [loss, correct] = (await sums.data()) as Float32Array;
      return { loss: loss as number, correct: correct as number };
    },
    dispose: () => sums.dispose(),
  };
}

function opsAccumulator(): MetricsAccumulator {
  let loss: tf.Tensor = tf.keep(tf.scalar(0));
  let correct: tf.Tensor = tf.keep(tf.scalar(0));
  return {
    add(b) {
      const next = tf.tidy(() => {
        const predicted = b.probs.argMax(1);
        const right = predicted.equal(b.labels ?? b.y.argMax(1)).sum().toFloat();
        return [loss.add(b.cost.mul(b.n)), correct.add(right)];
      });
      tf.dispose([loss, correct]);
      [loss, correct] = next.map((t) => tf.keep(t)) as [tf.Tensor, tf.Tensor];
    },
    async read() {
      const [l, c] = await Promise.all([loss.data(), correct.data()]);
      return { loss: l[0] as number, correct: c[0] as number };
    },
    dispose: () => tf.dispose([loss, correct]),
  };
}
