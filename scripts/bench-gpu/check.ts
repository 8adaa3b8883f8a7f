// Is the WebGPU training right? Two checks of cnn_model (its dropout layers left out: their masks are random per
// backend), each on WebGPU with every variant and on tfjs's plain-JS CPU backend in a worker thread, from the same
// seeded initial weights:
// - gradients: the loss and every weight's gradient on one batch (small, and large enough for the split-K paths),
//   compared relative to each gradient's scale. This is the gate: it compares one step, so nothing amplifies.
// - trajectory: N steps of the app's train() with Adam; the per-step losses are compared. Adam divides each gradient
//   by its running magnitude, so an element that is zero on one side and a rounding error on the other (a sum that
//   cancels, added in another order) becomes a full step of the learning rate. `node bench.mjs drift` measures it on
//   the CPU alone: noise of 1e-7 × each weight's largest gradient moves its 30-step loss by 7e-2, while noise of
//   1e-6 relative to each element (no zero or sign changes) moves it by nothing. So the first DRIFT_FREE_STEPS
//   steps must agree within the tolerance, the rest only within DRIFT_TOLERANCE ('drifted', reported, not failed).
import * as tf from '@tensorflow/tfjs';
import { BUILT_IN_MODELS } from '../../src/core/zoo';
import { buildModel } from '../../src/ml/build-model';
import type { HParams } from '../../src/core/hparams';
import { bytesToBatch, type ImageSet } from '../../src/ml/image-set';
import { meanCrossEntropy } from '../../src/ml/loss';
import { makeOptimizer, train } from '../../src/ml/train';
import { firstDigits } from './config';
import type { CheckRecord, GradientCheckRecord } from './records';
import { benchHParams, NO_VALIDATION } from './throughput';
import type { Variant } from './variants';

export interface SavedWeights { shape: number[]; data: Float32Array }

/** A check run, or as much of one as there is: the reference may be cut off by the time budget. */
export interface CheckRun { losses: number[]; initial?: SavedWeights[]; final?: SavedWeights[] }

export interface CheckSize { steps: number; batch: number }

export interface CheckHooks {
  /** performance.now() after which no further step starts (the run keeps the steps it made). */
  deadline?: number;
  onInitial?: (weights: SavedWeights[]) => void;
  onLoss?: (loss: number) => void;
  /** Multiplies every initial weight by 1 + this × a seeded number in [-1, 1): the CPU's own sensitivity run. */
  perturb?: number;
}

/** The relative perturbation of `node bench.mjs drift`'s first disturbed run: about 8 float32 ulps. */
export const PERTURBATION = 1e-6;
/** Trajectory steps that must agree within the tolerance, before Adam can have amplified a rounding difference. */
export const DRIFT_FREE_STEPS = 10;
/** What the later steps' losses may differ by (the CPU drifts 7e-2 from itself under 1e-7 noise: see above). */
export const DRIFT_TOLERANCE = 1e-2;

/** Batches per epoch and epochs for a check of about `steps` steps: at most 10 distinct batches, cycled. */
export function checkShape(steps: number): { batches: number; epochs: number } {
  const batches = Math.max(1, Math.min(10, steps));
  return { batches, epochs: Math.ceil(steps / batches) };
}

/** Trains the check model on the current backend with a variant's switches (none: stock train() and optimizer). */
export async function runCheck(data: ImageSet, size: CheckSize, variant?: Variant, hooks: CheckHooks = {}): Promise<CheckRun> {
  const { batches, epochs } = checkShape(size.steps);
  const hparams = benchHParams(size.batch, epochs);
  const model = checkModel(hparams, variant);
  if (hooks.perturb) perturbWeights(model, hooks.perturb);
  const initial = await saveWeights(model);
  hooks.onInitial?.(initial);
  const optimizer = variant ? variant.optimizer(hparams) : makeOptimizer(hparams);
  const losses: number[] = [];
  const stop = new AbortController();
  try {
    await train({
      ...(variant?.trainOptions ?? {}), model, optimizer, hparams, classes: 10, train: firstDigits(data, batches * size.batch), validation: NO_VALIDATION,
      reportEvery: 1, signal: stop.signal,
      onBatch: (p) => {
        losses.push(p.runningLoss);
        hooks.onLoss?.(p.runningLoss);
        if (hooks.deadline !== undefined && performance.now() >= hooks.deadline) stop.abort();
      },
    }).catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    });
    return { losses, initial, final: await saveWeights(model) };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

/** The checks' model: cnn_model without its dropout layers, from the seeded initial weights, built as the variant builds. */
function checkModel(hparams: HParams, variant?: Variant): tf.LayersModel {
  const spec = BUILT_IN_MODELS.find((m) => m.id === 'cnn_model');
  if (!spec) throw new Error('the zoo has no cnn_model');
  return buildModel(spec.layers.filter((l) => l.type !== 'dropout'), [28, 28, 1], 10, hparams.seed, variant?.build);
}

function perturbWeights(model: tf.LayersModel, scale: number): void {
  let state = 12_345;
  tf.tidy(() => model.setWeights(model.getWeights().map((w) => {
    const d = (w.dataSync() as Float32Array).slice();
    for (let i = 0; i < d.length; i++) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      d[i] = (d[i] as number) * (1 + scale * ((state >>> 8) / 2 ** 23 - 1));
    }
    return tf.tensor(d, w.shape);
  })));
}

/** The loss and each trainable weight's gradient (in model order) on one batch. */
export interface GradientRun { batch: number; loss: number; grads: SavedWeights[] }

/**
 * cnn_model's loss and gradients on the first `batch` digits from its seeded initial weights, on the current backend,
 * through the variant's layers and loss (none: tfjs's plain ops), as train() computes them for a step.
 */
export async function gradientsAt(data: ImageSet, batch: number, variant?: Variant): Promise<GradientRun> {
  const model = checkModel(benchHParams(batch, 1), variant);
  const set = firstDigits(data, batch);
  const fused = variant ? (variant.trainOptions.fusedLoss ?? true) : false;
  try {
    const { value, grads } = tf.tidy(() => {
      const x = bytesToBatch(set.pixels, set.shape, batch);
      const y = tf.oneHot(tf.tensor1d(Int32Array.from(set.labels), 'int32'), 10).toFloat() as tf.Tensor2D;
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      return tf.variableGrads(() => meanCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor2D, fused), variables);
    });
    const order = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
    const out = await Promise.all(order.map(async (name) => {
      const g = grads[name];
      if (!g) throw new Error(`no gradient for ${name}`);
      return { shape: [...g.shape], data: (await g.data()) as Float32Array };
    }));
    const loss = (await value.data())[0] as number;
    tf.dispose([value, ...Object.values(grads)]);
    return { batch, loss, grads: out };
  } finally {
    model.dispose();
  }
}

/** A variant's gradients against the CPU's: each weight's largest difference over its largest CPU gradient. */
export function compareGradients(variant: string, batch: number, tolerance: number, run: GradientRun | undefined, ref: GradientRun | undefined, error?: string): GradientCheckRecord {
  const perWeight: number[] = [];
  if (run && ref) {
    run.grads.forEach((g, k) => {
      const r = ref.grads[k];
      if (!r || r.data.length !== g.data.length) return void perWeight.push(Number.NaN);
      let diff = 0;
      let scale = 0;
      for (let j = 0; j < g.data.length; j++) {
        diff = Math.max(diff, Math.abs((g.data[j] as number) - (r.data[j] as number)));
        scale = Math.max(scale, Math.abs(r.data[j] as number));
      }
      perWeight.push(diff / Math.max(scale, 1e-30));
    });
  }
  const lossDiff = run && ref ? Math.abs(run.loss - ref.loss) / Math.max(1e-12, Math.abs(ref.loss)) : null;
  const worst = perWeight.length ? perWeight.reduce((m, v) => (Number.isNaN(v) || Number.isNaN(m) ? Number.NaN : Math.max(m, v)), 0) : null;
  const complete = !!run && !!ref && run.grads.length === ref.grads.length && run.grads.length > 0;
  return {
    kind: 'gradcheck', variant, model: 'cnn_model without dropout', against: 'tfjs cpu (worker thread)', batch,
    lossRelDiff: lossDiff, maxRelGradDiff: worst, perWeight, tolerance,
    ok: !error && complete && worst !== null && Number.isFinite(worst) && worst <= tolerance && lossDiff !== null && lossDiff <= tolerance,
    ...(error ? { error } : {}),
  };
}

async function saveWeights(model: tf.LayersModel): Promise<SavedWeights[]> {
  return Promise.all(model.getWeights().map(async (w) => ({ shape: [...w.shape], data: (await w.data()) as Float32Array })));
}

/** Compares a variant's run with the CPU reference's. */
export function compareRuns(
  variant: string, size: CheckSize, tolerance: number, run: CheckRun | undefined, ref: CheckRun | undefined, error?: string, note?: string,
): CheckRecord {
  const losses = run?.losses ?? [];
  const refLosses = ref?.losses ?? [];
  const n = Math.min(losses.length, refLosses.length);
  let maxAbs: number | null = null;
  let maxRel: number | null = null;
  for (let i = 0; i < n; i++) {
    const d = Math.abs((losses[i] as number) - (refLosses[i] as number));
    maxAbs = Math.max(maxAbs ?? 0, d);
    maxRel = Math.max(maxRel ?? 0, d / Math.max(1e-12, Math.abs(refLosses[i] as number)));
  }
  const initialDiff = run?.initial && ref?.initial ? maxAbsDiff(run.initial, ref.initial) : null;
  const sameSteps = losses.length === refLosses.length;
  const finalDiff = run?.final && ref?.final && sameSteps ? maxAbsDiff(run.final, ref.final) : null;
  const moved = run?.final && run.initial ? maxAbsDiff(run.final, run.initial) : null;
  const finite = losses.every(Number.isFinite) && (finalDiff === null || Number.isFinite(finalDiff));
  // every WebGPU step compared, from the same start, finite; within the tolerance, or drifting only after the first steps
  const sound = !error && n > 0 && n === losses.length && finite && initialDiff === 0;
  const firstDrift = losses.slice(0, n).findIndex((l, i) => Math.abs(l - (refLosses[i] as number)) > tolerance);
  const verdict = !sound || maxAbs === null ? 'failed'
    : maxAbs <= tolerance ? 'ok'
    : firstDrift >= DRIFT_FREE_STEPS && maxAbs <= DRIFT_TOLERANCE ? 'drifted'
    : 'failed';
  return {
    kind: 'check', variant, model: 'cnn_model without dropout', against: 'stock train() on tfjs cpu (worker thread)', batch: size.batch,
    plannedSteps: plannedSteps(size.steps), steps: losses.length, stepsCompared: n, maxAbsLossDiff: maxAbs, maxRelLossDiff: maxRel,
    initialWeightsMaxAbsDiff: initialDiff, finalWeightsMaxAbsDiff: finalDiff, weightsMaxAbsMoved: moved, tolerance,
    firstStepBeyondTolerance: firstDrift < 0 ? null : firstDrift, driftFreeSteps: DRIFT_FREE_STEPS, driftTolerance: DRIFT_TOLERANCE,
    verdict, ok: verdict !== 'failed',
    losses, refLosses: refLosses.slice(0, n),
    ...(error ? { error } : {}), ...(note ? { note } : {}),
  };
}

function plannedSteps(steps: number): number {
  const { batches, epochs } = checkShape(steps);
  return batches * epochs;
}

function maxAbsDiff(a: readonly SavedWeights[], b: readonly SavedWeights[]): number {
  let m = 0;
  a.forEach((w, k) => {
    const other = b[k]?.data;
    if (!other || other.length !== w.data.length) {
      m = Number.NaN;
      return;
    }
    for (let j = 0; j < w.data.length; j++) m = Math.max(m, Math.abs((w.data[j] as number) - (other[j] as number)));
  });
  return m;
}
