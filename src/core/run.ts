// Runs: one per (dataset, model, hyperparameter set), with their history and the order they run in.
import type { HParams } from './hparams';
import { modelSuits, type ModelSpec } from './model-spec';
import type { RunValidation } from './run-validation';
import type { ImageShape } from './types';

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'pruned';

export interface EpochStats {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  seconds: number;
  samplesPerSecond: number;
}

/**
 * The dataset a run trained on, as the run's exported files describe it: kept with an imported run, so it still
 * names its dataset (and its classes) in a profile where that dataset is not stored. Its id is the run's datasetId.
 */
export interface RunDatasetInfo {
  name: string;
  shape: ImageShape;
  classes: string[];
}

export interface RunRecord {
  id: string;
  datasetId: string;
  modelId: string;
  hparamsId: string;
  /** Copied at enqueue time so a run reads well even after its model is edited. */
  model: ModelSpec;
  hparams: HParams;
  status: RunStatus;
  enqueuedAt: number;
  startedAt?: number;
  finishedAt?: number;
  backend?: string;
  backendReason?: string;
  history: EpochStats[];
  /** Last epoch (0-based) whose weights are stored; -1 before the first. */
  checkpointEpoch: number;
  testAccuracy?: number;
  /** What it validated on, written when training starts (absent on runs trained by older versions). */
  validation?: RunValidation;
  error?: string;
  /** Set when pinned to the front of the queue; the latest pin runs first. */
  pinnedAt?: number;
  /** Successive halving: the rung this run is in (absent when the run is not part of a halving grid). */
  rung?: number;
  /** Successive halving: trained to its rung's budget, waiting for the rest of the rung. */
  waiting?: boolean;
  /** Written into exports; absent on runs trained here (their dataset is stored) and in older zips' run.json. */
  datasetInfo?: RunDatasetInfo;
}

export function runIdOf(datasetId: string, modelId: string, hparamsId: string): string {
  return `${datasetId}/${modelId}/${hparamsId}`;
}

/** The runs missing from `existing` for every dataset × enabled model (that suits its data) × enabled hyperparameter set. */
export function missingRuns(
  datasets: readonly { id: string; shape?: readonly number[] }[],
  models: readonly ModelSpec[],
  hparams: readonly HParams[],
  existing: ReadonlySet<string>,
  now: number,
): RunRecord[] {
  const out: RunRecord[] = [];
  for (const dataset of datasets) {
    for (const model of models.filter((m) => m.enabled && modelSuits(m, dataset.shape))) {
      for (const h of hparams.filter((x) => x.enabled)) {
        const id = runIdOf(dataset.id, model.id, h.id);
        if (existing.has(id)) continue;
        out.push({
          id, datasetId: dataset.id, modelId: model.id, hparamsId: h.id, model, hparams: h,
          status: 'queued', enqueuedAt: now + out.length, history: [], checkpointEpoch: -1,
        });
      }
    }
  }
  return out;
}
