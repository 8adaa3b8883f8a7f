// The training loop: shuffled batches from bytes, a running loss read only every few batches,
// per-epoch validation, learning-rate schedule, L2, augmentation, early stopping, and a checkpoint hook
// after each epoch. Runs in the worker and in Node.
import * as tf from '@tensorflow/tfjs';
import { learningRateAt, shouldStopEarly, withDefaults, type HParams } from '../core/hparams';
import { augmentBatch } from './augment';
import { FusedAdamOptimizer, FusedMomentumOptimizer, FusedRMSPropOptimizer } from './fused-optimizer';
import { permutation, seededRandom } from '../core/random';
import type { EpochStats } from '../core/run';
import { bytesToBatch, gatherBytes, type ImageSet } from './image-set';

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  /** Mean loss over the batches since the last report. */
  runningLoss: number;
  samplesPerSecond: number;
}

export interface TrainOptions {
  model: tf.LayersModel;
  hparams: HParams;
  classes: number;
  train: ImageSet;
  validation: ImageSet;
  /** First epoch to run (0-based): after a resume, the one after the last checkpoint. */
  startEpoch?: number;
  /** Epochs finished before a resume, so early stopping sees the whole history. */
  previous?: readonly EpochStats[];
  optimizer?: tf.Optimizer;
  /** Called after every epoch; awaited, so a checkpoint is written before the next epoch starts. */
  onEpoch?: (stats: EpochStats) => Promise<void> | void;
  onBatch?: (progress: BatchProgress) => void;
  /** Read the running loss every this many batches (each read waits for the device). */
  reportEvery?: number;
  signal?: AbortSignal;
}

export interface OptimizerOptions {
  /** Fuse each step into one WebGPU dispatch per variable while WebGPU is active (default); false: tfjs's step. */
  fused?: boolean;
}

export function makeOptimizer(h: HParams, options: OptimizerOptions = {}): tf.Optimizer {
  const fused = options.fused ?? true;
  switch (h.optimizer) {
    case 'sgd':
      return fused ? new FusedMomentumOptimizer(h.learningRate, withDefaults(h).momentum) : tf.train.momentum(h.learningRate, withDefaults(h).momentum);
    case 'rmsprop':
      return fused ? new FusedRMSPropOptimizer(h.learningRate) : tf.train.rmsprop(h.learningRate);
    case 'adam':
      return fused ? new FusedAdamOptimizer(h.learningRate) : tf.train.adam(h.learningRate);
  }
}

/** Sets the learning rate of a running optimizer (tfjs has no public setter for all three). */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (r: number) => void };
  if (o.setLearningRate) o.setLearningRate(rate); // SGD and momentum cache it as a tensor
  else o.learningRate = rate;
}

/** Σ w² over kernels (not biases), times the decay; undefined when there is none. */
function l2Penalty(model: tf.LayersModel, decay: number): tf.Scalar | undefined {
  if (decay <= 0) return undefined;
  const kernels = model.trainableWeights.filter((w) => w.shape.length > 1).map((w) => w.read());
  return kernels.length ? (tf.addN(kernels.map((k) => k.square().sum())).mul(decay) as tf.Scalar) : undefined;
}

export async function train(options: TrainOptions): Promise<EpochStats[]> {
  const { model, hparams, classes, train: data, validation, signal } = options;
  const optimizer = options.optimizer ?? makeOptimizer(hparams);
  const reportEvery = options.reportEvery ?? 10;
  const batchSize = Math.min(hparams.batchSize, Math.max(1, data.count));
  const batches = Math.ceil(data.count / batchSize);
  const per = data.shape[0] * data.shape[1] * data.shape[2];
  const buffer = new Uint8Array(batchSize * per);
  const history: EpochStats[] = [];
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const settings = withDefaults(hparams);
  const augmenting = settings.augment.flip || settings.augment.shift > 0;
  const valLosses = (options.previous ?? []).map((e) => e.valLoss);

  for (let epoch = options.startEpoch ?? 0; epoch < hparams.epochs; epoch++) {
    if (shouldStopEarly(valLosses, settings.patience)) break;
    setLearningRate(optimizer, learningRateAt(hparams, epoch));
    const started = performance.now();
    const order = permutation(data.count, seededRandom(hparams.seed * 100_003 + epoch));
    const augmentRandom = seededRandom(hparams.seed * 7_919 + epoch);
    let lossSum: tf.Tensor = tf.scalar(0);
    let correctSum: tf.Tensor = tf.scalar(0);
    let windowLoss: tf.Tensor = tf.scalar(0);
    let windowStart = performance.now();
    let windowSamples = 0;
    for (let b = 0; b < batches; b++) {
      if (signal?.aborted) {
        tf.dispose([lossSum, correctSum, windowLoss]);
        throw new DOMException('Training was cancelled', 'AbortError');
      }
      const start = b * batchSize;
      const end = Math.min(start + batchSize, data.count);
      const n = end - start;
      const raw = bytesToBatch(gatherBytes(data, order, start, end, buffer), data.shape, n);
      const x = augmenting ? augmentBatch(raw, settings.augment, augmentRandom) : raw;
      if (x !== raw) raw.dispose();
      const labels = tf.tensor1d(Int32Array.from(order.subarray(start, end), (i) => data.labels[i] as number), 'int32');
      let correct: tf.Scalar | undefined;
      const cost = optimizer.minimize(() => {
        const y = tf.oneHot(labels, classes);
        const probs = model.apply(x, { training: true }) as tf.Tensor2D;
        correct = tf.keep(probs.argMax(1).equal(labels).sum().toFloat() as tf.Scalar);
        const loss = tf.metrics.categoricalCrossentropy(y, probs).mean() as tf.Scalar;
        const penalty = l2Penalty(model, settings.weightDecay);
        return penalty ? loss.add(penalty) : loss;
      }, true, variables) as tf.Scalar;
      const next = tf.tidy(() => [lossSum.add(cost.mul(n)), correctSum.add(correct as tf.Scalar), windowLoss.add(cost.mul(n))] as const);
      tf.dispose([x, labels, cost, correct as tf.Scalar, lossSum, correctSum, windowLoss]);
      [lossSum, correctSum, windowLoss] = next;
      windowSamples += n;
      if (options.onBatch && ((b + 1) % reportEvery === 0 || b === batches - 1)) {
        const loss = (await windowLoss.data())[0] as number;
        const now = performance.now();
        options.onBatch({
          epoch, batch: b + 1, batches, runningLoss: loss / windowSamples,
          samplesPerSecond: (windowSamples * 1000) / Math.max(1, now - windowStart),
        });
        windowLoss.dispose();
        windowLoss = tf.scalar(0);
        windowStart = now;
        windowSamples = 0;
      }
    }
    const [loss, correct] = [(await lossSum.data())[0] as number, (await correctSum.data())[0] as number];
    tf.dispose([lossSum, correctSum, windowLoss]);
    const trainSeconds = (performance.now() - started) / 1000;
    const val = await evaluateLoss(model, validation, classes, batchSize, buffer);
    const stats: EpochStats = {
      epoch, loss: loss / data.count, accuracy: correct / data.count, valLoss: val.loss, valAccuracy: val.accuracy,
      seconds: (performance.now() - started) / 1000, samplesPerSecond: data.count / trainSeconds,
    };
    history.push(stats);
    valLosses.push(val.loss);
    await options.onEpoch?.(stats);
  }
  return history;
}

/** Mean loss and accuracy over a whole set, in batches, reading the device once. */
export async function evaluateLoss(
  model: tf.LayersModel, set: ImageSet, classes: number, batchSize: number, buffer = new Uint8Array(batchSize * set.shape[0] * set.shape[1] * set.shape[2]),
): Promise<{ loss: number; accuracy: number }> {
  if (set.count === 0) return { loss: Number.NaN, accuracy: Number.NaN };
  const identity = Uint32Array.from({ length: set.count }, (_, i) => i);
  let lossSum: tf.Tensor = tf.scalar(0);
  let correctSum: tf.Tensor = tf.scalar(0);
  for (let start = 0; start < set.count; start += batchSize) {
    const end = Math.min(start + batchSize, set.count);
    const next = tf.tidy(() => {
      const x = bytesToBatch(gatherBytes(set, identity, start, end, buffer), set.shape, end - start);
      const labels = tf.tensor1d(Int32Array.from(set.labels.subarray(start, end)), 'int32');
      const probs = model.predict(x) as tf.Tensor2D;
      const loss = tf.metrics.categoricalCrossentropy(tf.oneHot(labels, classes), probs).sum();
      return [lossSum.add(loss), correctSum.add(probs.argMax(1).equal(labels).sum().toFloat())] as const;
    });
    tf.dispose([lossSum, correctSum]);
    [lossSum, correctSum] = next;
  }
  const [loss, correct] = [(await lossSum.data())[0] as number, (await correctSum.data())[0] as number];
  tf.dispose([lossSum, correctSum]);
  return { loss: loss / set.count, accuracy: correct / set.count };
}
