// Times real training steps of a run's own model, optimizer and batch size on the active backend: one warm-up
// step (it compiles the kernels), then timed steps until the plan says enough, or that the backend already lost.
// The pixels are made up (a step costs the same whatever the pixel values); every tensor is disposed, also after
// a warm-up that ran past its budget and was left to finish on its own.
import * as tf from '@tensorflow/tfjs';
import type { ProbeResult } from '../core/backend-decision';
import type { HParams } from '../core/hparams';
import type { LayerSpec } from '../core/model-spec';
import { afterStep, rateOfSteps, type ProbeBudget } from '../core/probe-plan';
import type { ImageShape } from '../core/types';
import type { BackboneRecord } from '../core/backbone';
import { buildFineTuneModel } from './backbone/fine-tune';
import { loadBackbone } from './backbone/load-backbone';
import { buildModel } from './build-model';
import { bytesToBatch } from './image-set';
import { makeOptimizer } from './train';

export interface ProbeWorkload {
  layers: readonly LayerSpec[];
  shape: ImageShape;
  classes: number;
  hparams: HParams;
  /** A backbone run: frozen, its cost is the backbone's features (timed as images/s); fine-tuned, steps through it. */
  backbone?: { record: BackboneRecord; trainable: number };
}

interface ProbeSteps {
  step(): Promise<void>;
  release(): void;
}

/** Training steps of the run's own model (with its backbone when fine-tuned), optimizer and batch size. */
async function trainingSteps(work: ProbeWorkload, n: number): Promise<ProbeSteps> {
  const model = work.backbone
    ? await buildFineTuneModel(work.backbone.record, work.backbone.trainable, [...work.layers], work.shape, work.classes, work.hparams.seed)
    : buildModel(work.layers, work.shape, work.classes, work.hparams.seed);
  const optimizer = makeOptimizer(work.hparams);
  const pixels = madeUpPixels(n * work.shape[0] * work.shape[1] * work.shape[2]);
  const labels = Int32Array.from({ length: n }, (_, i) => i % work.classes);
  const release = () => {
    model.dispose();
    optimizer.dispose();
  };
  const step = async (): Promise<void> => {
    const x = bytesToBatch(pixels, work.shape, n);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), work.classes));
    const cost = optimizer.minimize(() => tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor).mean() as tf.Scalar, true);
    tf.dispose([x, y]);
    try {
      await (cost as tf.Scalar).data();
    } finally {
      (cost as tf.Scalar).dispose();
    }
  };
  return { step, release };
}

/** A frozen backbone: what costs is computing features once (the head's training on them is small next to it). */
async function featureSteps(work: ProbeWorkload, record: BackboneRecord, n: number): Promise<ProbeSteps> {
  const backbone = await loadBackbone(record);
  const pixels = madeUpPixels(n * work.shape[0] * work.shape[1] * work.shape[2]);
  const step = async (): Promise<void> => {
    const features = tf.tidy(() => backbone.features(bytesToBatch(pixels, work.shape, n)));
    try {
      await features.data();
    } finally {
      features.dispose();
    }
  };
  return { step, release: () => backbone.dispose() };
}

export interface ProbeLimits {
  budget: ProbeBudget;
  batchSize: number;
  /** The best rate timed so far (samples/s); a backend far below it stops early. */
  bestRate?: number;
  /** Wall-clock milliseconds the whole probe may take (software adapters); checked between steps. */
  totalMs?: number;
  /** `fastest`: the rate of the quickest step (for an upper bound), instead of the mean over the timed steps. */
  rateFrom?: 'mean' | 'fastest';
}

const OVER_BUDGET = Symbol('over budget');

export async function timeTrainingSteps(work: ProbeWorkload, limits: ProbeLimits): Promise<ProbeResult> {
  const { budget, batchSize: n } = limits;
  const started = performance.now();
  const { step, release } = await (work.backbone?.trainable === 0 ? featureSteps(work, work.backbone.record, n) : trainingSteps(work, n));
  const warmupMs = Math.min(budget.warmupMs, limits.totalMs ?? Number.POSITIVE_INFINITY);
  const warmup = step();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const overBudget = new Promise<typeof OVER_BUDGET>((resolve) => (timer = setTimeout(() => resolve(OVER_BUDGET), warmupMs)));
  const first = await Promise.race([warmup.then(() => undefined), overBudget]).catch((error: unknown) => error);
  clearTimeout(timer);
  if (first === OVER_BUDGET) {
    // The step cannot be stopped: let it finish, then free what it used.
    void warmup.catch(() => undefined).finally(release);
    return { kind: 'not-timed', why: `its first step took over ${seconds(warmupMs)} (kernels compiling)` };
  }
  if (first !== undefined) {
    release();
    return { kind: 'failed', why: messageOf(first) };
  }
  const times: number[] = [];
  try {
    for (;;) {
      const t0 = performance.now();
      await step();
      times.push(performance.now() - t0);
      const verdict = afterStep(times, n, budget, limits.bestRate);
      if (verdict === 'lost') return { kind: 'timed', samplesPerSecond: rateOfSteps(times, n), steps: times.length, approximate: true };
      if (verdict === 'enough') break;
      if (limits.totalMs !== undefined && performance.now() - started > limits.totalMs) break;
    }
  } catch (error) {
    return { kind: 'failed', why: messageOf(error) };
  } finally {
    release();
  }
  const rate = limits.rateFrom === 'fastest' ? rateOfSteps([Math.min(...times)], n) : rateOfSteps(times, n);
  return { kind: 'timed', samplesPerSecond: rate, steps: times.length, approximate: times.length < budget.minSteps };
}

/** Deterministic bytes that look like an image batch (values spread over 0…255). */
function madeUpPixels(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let s = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bytes[i] = s >>> 24;
  }
  return bytes;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
