// Is the WebGPU training right? cnn_model (its dropout layers left out: their masks are random per backend) trains
// for N steps through the app's train() on WebGPU with each variant, and on tfjs's plain-JS CPU backend in a worker
// thread, from the same seeded initial weights (compared too) and the same seeded batches; the per-step losses are
// compared.
import * as tf from '@tensorflow/tfjs';
import { BUILT_IN_MODELS } from '../../src/core/zoo';
import { buildModel } from '../../src/ml/build-model';
import type { ImageSet } from '../../src/ml/image-set';
import { makeOptimizer, train } from '../../src/ml/train';
import { firstDigits } from './config';
import type { CheckRecord } from './records';
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
}

/** Batches per epoch and epochs for a check of about `steps` steps: at most 10 distinct batches, cycled. */
export function checkShape(steps: number): { batches: number; epochs: number } {
  const batches = Math.max(1, Math.min(10, steps));
  return { batches, epochs: Math.ceil(steps / batches) };
}

/** Trains the check model on the current backend with a variant's switches (none: stock train() and optimizer). */
export async function runCheck(data: ImageSet, size: CheckSize, variant?: Variant, hooks: CheckHooks = {}): Promise<CheckRun> {
  const spec = BUILT_IN_MODELS.find((m) => m.id === 'cnn_model');
  if (!spec) throw new Error('the zoo has no cnn_model');
  const { batches, epochs } = checkShape(size.steps);
  const hparams = benchHParams(size.batch, epochs);
  const model = buildModel(spec.layers.filter((l) => l.type !== 'dropout'), [28, 28, 1], 10, hparams.seed, variant?.build);
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
  return {
    kind: 'check', variant, model: 'cnn_model without dropout', against: 'stock train() on tfjs cpu (worker thread)', batch: size.batch,
    plannedSteps: plannedSteps(size.steps), steps: losses.length, stepsCompared: n, maxAbsLossDiff: maxAbs, maxRelLossDiff: maxRel,
    initialWeightsMaxAbsDiff: initialDiff, finalWeightsMaxAbsDiff: finalDiff, weightsMaxAbsMoved: moved, tolerance,
    // every WebGPU step compared, from the same start, finite and within the tolerance
    ok: !error && n > 0 && n === losses.length && finite && initialDiff === 0 && (maxAbs ?? Infinity) <= tolerance,
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
