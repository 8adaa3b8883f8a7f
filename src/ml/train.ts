// The training loop: shuffled batches awaited one at a time (ml/epoch-data.ts: sets in memory, gathered on the device
// when they are kept there, or a split streamed from stored shards), loss and accuracy summed
// on the device and read only every few batches, per-epoch validation, learning-rate schedule, L2, augmentation,
// early stopping, and a checkpoint hook after each epoch; a diverged run (core/divergence.ts) stops with a
// DivergedError before its epoch is checkpointed. Runs in the worker and in Node.
import * as tf from '@tensorflow/tfjs';
import { learningRateAt, shouldStopEarly, withDefaults, type Augmentation, type HParams } from '../core/hparams';
import { augmentBatch } from './augment';
import { FusedAdamOptimizer, FusedMomentumOptimizer, FusedRMSPropOptimizer } from './fused-optimizer';
import { seededRandom } from '../core/random';
import type { EpochStats } from '../core/run';
import { divergedError, DivergenceWatch } from '../core/divergence';
import type { Batch } from './batch-source';
import { isEpochData, setsEpochData, type EpochData } from './epoch-data';
import type { TrainData } from './feature-set';
import { evaluateBatches } from './evaluate';
import { meanCrossEntropy } from './loss';
import { makeMetricsAccumulator, type MetricsAccumulator } from './train-metrics';

export { evaluateBatches, evaluateLoss, type EvaluateOptions } from './evaluate';

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
  /** Images (bytes), or a backbone's feature vectors for a head; or a run's split with its validation (ml/epoch-data.ts). */
  train: TrainData | EpochData;
  /** With sets in memory: the validation set (ignored with EpochData, which has its own). */
  validation?: TrainData;
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
  // Speed-ups, each on by default and switchable so a benchmark can compare with and without in one process.
  /** Fuse the optimizer step into one WebGPU dispatch per variable (when `optimizer` is not given). */
  fusedOptimizer?: boolean;
  /** Keep the sets on the device and gather each batch there (WebGPU, while they fit `deviceDataBudget`). */
  dataOnDevice?: boolean;
  /** Bytes the resident sets may take on the device (default core/device-data-budget.ts). */
  deviceDataBudget?: number;
  /** Sum loss and accuracy in one kernel per batch (WebGPU) instead of a handful of tfjs ops. */
  deviceMetrics?: boolean;
  /** The cross-entropy as one kernel forward and one backward (WebGPU) instead of tfjs-layers' ~28 ops. */
  fusedLoss?: boolean;
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

interface StepContext {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  variables: tf.Variable[];
  weightDecay: number;
  fusedLoss: boolean;
  augment: Augmentation | undefined;
  augmentRandom: () => number;
}

/** One optimizer step on one batch (which it disposes); adds the batch's loss and accuracy to `sums`. */
function trainStep(c: StepContext, batch: Batch, sums: MetricsAccumulator, n: number): void {
  const x = c.augment ? augmentBatch(batch.x as tf.Tensor4D, c.augment, c.augmentRandom) : batch.x;
  if (x !== batch.x) batch.x.dispose();
  let probs: tf.Tensor2D | undefined;
  const cost = c.optimizer.minimize(() => {
    probs = tf.keep(c.model.apply(x, { training: true }) as tf.Tensor2D);
    const loss = meanCrossEntropy(batch.y, probs, c.fusedLoss);
    const penalty = l2Penalty(c.model, c.weightDecay);
    return penalty ? loss.add(penalty) : loss;
  }, true, c.variables) as tf.Scalar;
  sums.add({ cost, probs: probs as tf.Tensor2D, y: batch.y, ...(batch.labels ? { labels: batch.labels } : {}), n });
  tf.dispose([x, batch.y, ...(batch.labels ? [batch.labels] : []), cost, probs as tf.Tensor2D]);
}

export async function train(options: TrainOptions): Promise<EpochStats[]> {
  const { model, hparams, classes, signal } = options;
  const optimizer = options.optimizer ?? makeOptimizer(hparams, { fused: options.fusedOptimizer ?? true });
  const reportEvery = options.reportEvery ?? 10;
  const given = options.train;
  const batchSize = Math.min(hparams.batchSize, Math.max(1, given.count));
  const resident = { onDevice: options.dataOnDevice ?? true, ...(options.deviceDataBudget !== undefined ? { budgetBytes: options.deviceDataBudget } : {}) };
  const data = isEpochData(given) ? given : setsEpochData(given, options.validation ?? { ...given, count: 0 }, classes, batchSize, hparams.seed, resident);
  const batches = Math.ceil(data.count / batchSize);
  const history: EpochStats[] = [];
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const settings = withDefaults(hparams);
  // Feature vectors cannot be flipped or shifted: augmentation is for images.
  const augmenting = data.images && (settings.augment.flip || settings.augment.shift > 0);
  const valLosses = (options.previous ?? []).map((e) => e.valLoss);
  const deviceMetrics = options.deviceMetrics ?? true;
  const fusedLoss = options.fusedLoss ?? true;
  const divergence = new DivergenceWatch(classes);
  const stopIfDiverged = (message: string | undefined) => {
    if (message) throw divergedError(message);
  };

  try {
    for (let epoch = options.startEpoch ?? 0; epoch < hparams.epochs; epoch++) {
      if (shouldStopEarly(valLosses, settings.patience)) break;
      setLearningRate(optimizer, learningRateAt(hparams, epoch));
      const started = performance.now();
      const stream = data.epoch(epoch);
      const step: StepContext = { model, optimizer, variables, weightDecay: settings.weightDecay, fusedLoss, augment: augmenting ? settings.augment : undefined, augmentRandom: seededRandom(hparams.seed * 7_919 + epoch) };
      const sums = makeMetricsAccumulator(deviceMetrics);
      try {
        let window = { loss: 0, samples: 0, started: performance.now() };
        for (let b = 0; b < batches; b++) {
          if (signal?.aborted) throw new DOMException('Training was cancelled', 'AbortError');
          const start = b * batchSize;
          const n = Math.min(start + batchSize, data.count) - start;
          trainStep(step, await stream.next(n), sums, n);
          window.samples += n;
          if (options.onBatch && ((b + 1) % reportEvery === 0 || b === batches - 1)) {
            // One read per report: the window's loss is the growth of the epoch's sum since the last one.
            const { loss } = await sums.read();
            const now = performance.now();
            const runningLoss = (loss - window.loss) / window.samples;
            stopIfDiverged(divergence.check(runningLoss, { epoch, batch: b + 1 }));
            options.onBatch({
              epoch, batch: b + 1, batches, runningLoss,
              samplesPerSecond: (window.samples * 1000) / Math.max(1, now - window.started),
            });
            window = { loss, samples: 0, started: now };
          }
        }
        const { loss, correct } = await sums.read();
        if (data.count > 0) stopIfDiverged(divergence.check(loss / data.count, { epoch, batch: batches }, true));
        const trainSeconds = (performance.now() - started) / 1000;
        const val = await evaluateBatches(model, data.validation(), batchSize, { deviceMetrics, fusedLoss });
        // Only a non-finite validation loss says divergence: an overfit model's may rise far above chance.
        if (!Number.isFinite(val.loss) && data.validationCount > 0) stopIfDiverged(divergence.check(val.loss, { epoch, what: 'validation loss' }, true));
        const stats: EpochStats = {
          epoch, loss: loss / data.count, accuracy: correct / data.count, valLoss: val.loss, valAccuracy: val.accuracy,
          seconds: (performance.now() - started) / 1000, samplesPerSecond: data.count / trainSeconds,
        };
        history.push(stats);
        valLosses.push(val.loss);
        await options.onEpoch?.(stats);
      } finally {
        stream.dispose();
        sums.dispose();
      }
    }
  } finally {
    if (data !== given) data.dispose();
  }
  return history;
}
