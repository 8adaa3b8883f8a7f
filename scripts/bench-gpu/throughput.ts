// One configuration of the GPU bench: a zoo model, a batch size and a variant, trained by the app's own train()
// (src/ml/train.ts, as train-run.ts calls it) on real digits. Samples/s come from the windows train() reports every
// `reportEvery` batches, after the first (warm-up) window; then a few more steps run under tf.profile.
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../src/core/zoo';
import type { HParams } from '../../src/core/hparams';
import { buildModel } from '../../src/ml/build-model';
import type { ImageSet } from '../../src/ml/image-set';
import { profileSteps } from '../../src/ml/step-profile';
import { train } from '../../src/ml/train';
import { firstDigits } from './config';
import { meterReads } from './read-wait';
import type { TrainRecord } from './records';
import type { Variant } from './variants';

export interface ThroughputOptions {
  modelId: string;
  batch: number;
  variant: Variant;
  data: ImageSet;
  /** Timed training stops at the first window end after this many seconds (and at least minWindows windows). */
  seconds: number;
  minWindows: number;
  reportEvery: number;
  profileSteps: number;
  /** performance.now() past which no further window starts, whatever minWindows says. */
  deadline: number;
}

/** The app's 'quick' hyperparameters (Adam, 1e-3) at the bench's batch size; epochs unlimited (the bench stops it). */
export function benchHParams(batch: number, epochs = 1_000_000): HParams {
  const quick = BUILT_IN_HPARAMS.find((h) => h.id === 'quick');
  if (!quick) throw new Error("the zoo has no 'quick' hyperparameters");
  return { ...quick, id: 'bench', batchSize: batch, epochs };
}

export const NO_VALIDATION: ImageSet = { shape: [28, 28, 1], count: 0, pixels: new Uint8Array(0), labels: new Uint16Array(0) };

interface Mark { t: number; step: number; waited: number; loss: number }

export async function measureThroughput(o: ThroughputOptions): Promise<TrainRecord> {
  const spec = BUILT_IN_MODELS.find((m) => m.id === o.modelId);
  const head = { kind: 'train', impl: 'trainyard-train', model: o.modelId, batch: o.batch, variant: o.variant.name } as const;
  if (!spec) return { ...head, error: `no zoo model '${o.modelId}'` };
  const hparams = benchHParams(o.batch);
  const model = buildModel(spec.layers, [28, 28, 1], 10, hparams.seed, o.variant.build);
  const optimizer = o.variant.optimizer(hparams);
  const marks: Mark[] = [];
  const started = performance.now();
  const stop = new AbortController();
  const meter = meterReads();
  try {
    await train({
      // a variant may read the loss less often (its own reportEvery); the windows follow it
      reportEvery: o.reportEvery, ...o.variant.trainOptions, model, optimizer, hparams, classes: 10, train: o.data, validation: NO_VALIDATION, signal: stop.signal,
      onBatch: (p) => {
        const t = performance.now();
        marks.push({ t, step: p.epoch * p.batches + p.batch, waited: meter.waitedMs(), loss: p.runningLoss });
        const windows = marks.length - 1;
        if ((windows >= o.minWindows && t - started >= o.seconds * 1000) || t >= o.deadline) stop.abort();
      },
    }).catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    });
    const rates = windowRates(marks, o.batch, started);
    const profile = await profileSteps(
      () => train({ ...o.variant.trainOptions, model, optimizer, hparams: benchHParams(o.batch, 1), classes: 10, train: firstDigits(o.data, o.batch * o.profileSteps), validation: NO_VALIDATION }),
      o.profileSteps,
    );
    return {
      ...head, params: model.countParams(), ...rates, gpuMsPerStep: profile.kernelMsPerStep, kernelsPerStep: profile.kernelsPerStep, topKernels: profile.top,
      lossFirst: marks[0]?.loss, lossLast: marks.at(-1)?.loss,
    };
  } finally {
    meter.stop();
    model.dispose();
    optimizer.dispose();
  }
}

/** Rates over the windows after the first; with only one window, over it (warm-up included, flagged). */
export function windowRates(marks: readonly Mark[], batch: number, started: number): Pick<TrainRecord, 'samplesPerSec' | 'steps' | 'seconds' | 'stepMs' | 'hostMsPerStep' | 'readWaitMsPerStep' | 'warmupOnly'> {
  const last = marks.at(-1);
  if (!last) return { warmupOnly: true };
  const first = marks.length > 1 ? (marks[0] as Mark) : { t: started, step: 0, waited: 0, loss: Number.NaN };
  const steps = last.step - first.step;
  const ms = last.t - first.t;
  const waited = last.waited - first.waited;
  return {
    samplesPerSec: (steps * batch * 1000) / ms, steps, seconds: ms / 1000, stepMs: ms / steps,
    hostMsPerStep: (ms - waited) / steps, readWaitMsPerStep: waited / steps, warmupOnly: marks.length < 2,
  };
}
