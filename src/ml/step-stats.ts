// What one training step costs the host: kernels per step, uploads and reads per step, and the wall time the
// JavaScript thread spends enqueuing a step (without waiting for the device), measured on this project's own
// train() with each speed-up switchable, so a benchmark can put before and after side by side in one process.
// Steps are delimited by the optimizer's minimize calls (one per batch); the first epoch is a warm-up (pipeline
// compiles), the second is measured, and the loss is read only at the end of each epoch.
import * as tf from '@tensorflow/tfjs';
import type { HParams } from '../core/hparams';
import { BUILT_IN_MODELS } from '../core/zoo';
import { buildModel } from './build-model';
import type { ImageSet } from './image-set';
import { makeOptimizer, train } from './train';

export interface SpeedUps {
  fusedOptimizer?: boolean;
  dataOnDevice?: boolean;
  deviceMetrics?: boolean;
  fusedActivations?: boolean;
  fusedLoss?: boolean;
  deviceDropout?: boolean;
}

export interface StepStatsOptions extends SpeedUps {
  modelId: string;
  batchSize: number;
  /** Images for one epoch (the first `steps × batchSize` are used); classes from 0 to `classes - 1`. */
  set: ImageSet;
  classes: number;
  steps: number;
  optimizer?: HParams['optimizer'];
}

export interface StepStats {
  backend: string;
  modelId: string;
  batchSize: number;
  steps: number;
  speedUps: Required<SpeedUps>;
  /** GPU dispatches per step on WebGPU (our own included); tfjs kernels run per step elsewhere. */
  kernelsPerStep: number;
  kernelsCounted: 'gpu dispatches' | 'tfjs kernels';
  /** Tensors sent from the host to the device per step (WebGPU). */
  uploadsPerStep: number;
  /** Reads from the device per step. */
  readsPerStep: number;
  /** Median wall time from one step's start to the next's, with no read in between: the host's work per step. */
  hostMsPerStep: number;
  /** The measured epoch's training time per step, reads included. */
  wallMsPerStep: number;
  samplesPerSecond: number;
  finalLoss: number;
}

interface Counters {
  kernels: number;
  uploads: number;
  reads: number;
}

/** Counts what the active backend does until the returned function restores it. */
function instrument(counters: Counters): () => void {
  const backend = tf.backend() as unknown as Record<string, unknown> & { tensorMap?: { get(id: tf.DataId): { values: unknown; resource?: unknown } } };
  const engine = tf.engine() as unknown as Record<string, unknown>;
  const restore: (() => void)[] = [];
  const wrap = (target: Record<string, unknown>, name: string, count: (...args: unknown[]) => void) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = function (this: unknown, ...args: unknown[]) {
      count(...args);
      return original.apply(this, args);
    };
    restore.push(() => void (target[name] = original));
  };
  if (tf.getBackend() === 'webgpu') {
    wrap(backend, 'recordAndSubmit', () => counters.kernels++);
    wrap(backend, 'uploadToGPU', (dataId) => {
      const data = backend.tensorMap?.get(dataId as tf.DataId);
      if (data && data.values != null && data.resource == null) counters.uploads++;
    });
  } else {
    wrap(engine, 'runKernel', () => counters.kernels++);
  }
  wrap(backend, 'read', () => counters.reads++);
  return () => restore.reverse().forEach((r) => r());
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[Math.floor((s.length - 1) / 2)] as number) + (s[Math.ceil((s.length - 1) / 2)] as number)) / 2 : Number.NaN;
};

export async function measureSteps(o: StepStatsOptions): Promise<StepStats> {
  const spec = BUILT_IN_MODELS.find((m) => m.id === o.modelId);
  if (!spec) throw new Error(`no zoo model ${o.modelId}`);
  const speedUps: Required<SpeedUps> = {
    fusedOptimizer: o.fusedOptimizer ?? true, dataOnDevice: o.dataOnDevice ?? true,
    deviceMetrics: o.deviceMetrics ?? true, fusedActivations: o.fusedActivations ?? true, fusedLoss: o.fusedLoss ?? true,
    deviceDropout: o.deviceDropout ?? true,
  };
  const count = Math.min(o.set.count, o.steps * o.batchSize);
  if (count < o.batchSize * 2) throw new Error(`measuring needs at least two batches of ${o.batchSize} images`);
  const set: ImageSet = { ...o.set, count };
  const empty: ImageSet = { ...o.set, count: 0 };
  const hparams: HParams = { id: 'step-stats', name: 'step stats', priority: 0, enabled: true, epochs: 2, batchSize: o.batchSize, optimizer: o.optimizer ?? 'adam', learningRate: 0.001, seed: 1 };
  const model = buildModel(spec.layers, set.shape, o.classes, 1, { fusedActivations: speedUps.fusedActivations, deviceDropout: speedUps.deviceDropout });
  const optimizer = makeOptimizer(hparams, { fused: speedUps.fusedOptimizer });
  const counters: Counters = { kernels: 0, uploads: 0, reads: 0 };
  const steps: { at: number; counters: Counters }[] = [];
  let measuring = false;
  const minimize = optimizer.minimize.bind(optimizer);
  optimizer.minimize = (f, returnCost, varList) => {
    if (measuring) steps.push({ at: performance.now(), counters: { ...counters } });
    return minimize(f, returnCost, varList);
  };
  let restore: (() => void) | undefined;
  try {
    const history = await train({
      model, optimizer, hparams, classes: o.classes, train: set, validation: empty, reportEvery: Number.MAX_SAFE_INTEGER,
      dataOnDevice: speedUps.dataOnDevice, deviceMetrics: speedUps.deviceMetrics, fusedLoss: speedUps.fusedLoss,
      onEpoch: () => {
        if (measuring) return;
        measuring = true;
        restore = instrument(counters);
      },
    });
    restore?.();
    restore = undefined;
    const gaps = steps.slice(1).map((s, i) => s.at - (steps[i] as { at: number }).at);
    const first = steps[0] as { counters: Counters };
    const last = steps.at(-1) as { counters: Counters };
    const per = (key: keyof Counters) => (last.counters[key] - first.counters[key]) / (steps.length - 1);
    const epoch = history[1] as { samplesPerSecond: number; loss: number };
    return {
      backend: tf.getBackend(), modelId: o.modelId, batchSize: o.batchSize, steps: steps.length, speedUps,
      kernelsPerStep: per('kernels'), kernelsCounted: tf.getBackend() === 'webgpu' ? 'gpu dispatches' : 'tfjs kernels',
      uploadsPerStep: per('uploads'), readsPerStep: per('reads'),
      hostMsPerStep: median(gaps), wallMsPerStep: (o.batchSize * 1000) / epoch.samplesPerSecond,
      samplesPerSecond: epoch.samplesPerSecond, finalLoss: epoch.loss,
    };
  } finally {
    restore?.();
    model.dispose();
    optimizer.dispose();
  }
}
