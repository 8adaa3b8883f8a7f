// Training throughput of one zoo model on the current backend, for `npm run bench`: the same loop body as
// train.ts (bytes → floats on the device per batch, Adam, cross-entropy), timed over whole steps after a warm-up.
// Runs in Node (the WASM path) and in the bench worker (every browser backend).
import * as tf from '@tensorflow/tfjs';
import { BUILT_IN_MODELS } from '../core/zoo';
import { buildModel } from './build-model';
import { bytesToBatch } from './image-set';
import { meanCrossEntropy } from './loss';
import { makeOptimizer } from './train';
import { profileSelfTime } from './kernel-profile';

export interface BenchOptions {
  modelId: string;
  batchSize: number;
  /** count × 28 × 28 bytes of real digits, and their labels. */
  pixels: Uint8Array;
  labels: Uint8Array;
  /** Keep stepping until this many seconds have passed (after the warm-up), with at least `minSteps` steps. */
  seconds: number;
  minSteps?: number;
  /** Also profile one step and return the kernels that took longest (self time on WASM and CPU). */
  profile?: boolean;
}

export interface BenchResult {
  samplesPerSecond: number;
  steps: number;
  finalLoss: number;
  topKernels?: { name: string; ms: number; calls?: number }[];
}

export async function benchTrain(o: BenchOptions): Promise<BenchResult> {
  const spec = BUILT_IN_MODELS.find((m) => m.id === o.modelId);
  if (!spec) throw new Error(`no zoo model ${o.modelId}`);
  const model = buildModel(spec.layers, [28, 28, 1], 10, 1);
  // The app's own optimizer and loss (train.ts): fused on WebGPU, tfjs's elsewhere.
  const optimizer = makeOptimizer({ id: 'bench', name: 'bench', priority: 0, enabled: true, epochs: 1, batchSize: o.batchSize, optimizer: 'adam', learningRate: 0.001, seed: 1 });
  const count = o.labels.length;
  let at = 0;
  const step = async (): Promise<number> => {
    const n = o.batchSize;
    const start = (at * n) % (count - n);
    at++;
    const x = bytesToBatch(o.pixels.subarray(start * 784, (start + n) * 784), [28, 28, 1], n);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(o.labels.subarray(start, start + n)), 'int32'), 10)) as tf.Tensor2D;
    const cost = optimizer.minimize(() => meanCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor2D, true), true);
    const loss = (await (cost as tf.Scalar).data())[0] as number;
    tf.dispose([x, y, cost as tf.Scalar]);
    return loss;
  };
  try {
    await step();
    let steps = 0;
    let loss = Number.NaN;
    const started = performance.now();
    while (steps < (o.minSteps ?? 2) || performance.now() - started < o.seconds * 1000) {
      loss = await step();
      steps++;
    }
    const samplesPerSecond = (steps * o.batchSize * 1000) / (performance.now() - started);
    const result: BenchResult = { samplesPerSecond, steps, finalLoss: loss };
    if (o.profile) {
      result.topKernels = await profileSteps(PROFILED_STEPS, async () => {
        for (let i = 0; i < PROFILED_STEPS; i++) await step();
      });
    }
    return result;
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

const PROFILED_STEPS = 3;

/** The kernels that took longest, per step. On synchronous backends each kernel's own time, without the kernels it
 * called (tf.profile would count our WASM gradients' inner convolutions twice); elsewhere tf.profile's times. */
async function profileSteps(count: number, steps: () => Promise<void>): Promise<{ name: string; ms: number; calls?: number }[]> {
  const backend = tf.getBackend();
  const round = (ms: number): number => Math.round((ms / count) * 10) / 10;
  if (backend === 'wasm' || backend === 'cpu') {
    const kernels = await profileSelfTime(backend, steps);
    return kernels.slice(0, 8).map((k) => ({ name: k.name, ms: round(k.selfMs), calls: k.calls / count }));
  }
  const info = await tf.profile(steps);
  const byName = new Map<string, number>();
  for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, ms]) => ({ name, ms: round(ms) }));
}
