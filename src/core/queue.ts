// The run queue's order and the grid's upkeep, pure: which run goes next, which runs a catalog change adds
// or removes. Priorities are read live from the catalog, so changing one reorders what is still queued.
import type { HParams } from './hparams';
import type { ModelSpec } from './model-spec';
import { missingRuns, type RunRecord } from './run';

export interface QueueContext {
  datasetCreatedAt: ReadonlyMap<string, number>;
  modelPriority: ReadonlyMap<string, number>;
  hparamsPriority: ReadonlyMap<string, number>;
}

export function queueContext(
  datasets: readonly { id: string; createdAt: number }[],
  models: readonly ModelSpec[],
  hparams: readonly HParams[],
): QueueContext {
  return {
    datasetCreatedAt: new Map(datasets.map((d) => [d.id, d.createdAt])),
    modelPriority: new Map(models.map((m) => [m.id, m.priority])),
    hparamsPriority: new Map(hparams.map((h) => [h.id, h.priority])),
  };
}

/**
 * Pinned runs first (the latest pin in front), then newer dataset, higher model priority, higher
 * hyperparameter priority, earlier enqueued, and the id last so the order is total.
 */
export function queueOrder(ctx: QueueContext): (a: RunRecord, b: RunRecord) => number {
  const model = (r: RunRecord) => ctx.modelPriority.get(r.modelId) ?? r.model.priority;
  const hparams = (r: RunRecord) => ctx.hparamsPriority.get(r.hparamsId) ?? r.hparams.priority;
  return (a, b) =>
    (b.pinnedAt ?? 0) - (a.pinnedAt ?? 0) ||
    (ctx.datasetCreatedAt.get(b.datasetId) ?? 0) - (ctx.datasetCreatedAt.get(a.datasetId) ?? 0) ||
    model(b) - model(a) ||
    hparams(b) - hparams(a) ||
    a.enqueuedAt - b.enqueuedAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A run that can be trained now: queued and not waiting for a halving decision. */
export function isRunnable(run: RunRecord): boolean {
  return run.status === 'queued' && !run.waiting;
}

/** What the queue view lists, in order: the running run, then the queue as it will run, then waiting, then the rest newest first. */
export function queueView(runs: readonly RunRecord[], ctx: QueueContext): RunRecord[] {
  const order = queueOrder(ctx);
  const running = runs.filter((r) => r.status === 'running');
  const queued = runs.filter(isRunnable).sort(order);
  const waiting = runs.filter((r) => r.status === 'queued' && r.waiting).sort(order);
  const finished = runs
    .filter((r) => r.status !== 'running' && r.status !== 'queued')
    .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0) || (a.id < b.id ? -1 : 1));
  return [...running, ...queued, ...waiting, ...finished];
}

/** The run to train next: one left 'running' by a closed tab resumes first, then the queue's head. */
export function nextRun(runs: readonly RunRecord[], ctx: QueueContext): RunRecord | undefined {
  return runs.find((r) => r.status === 'running') ?? runs.filter(isRunnable).sort(queueOrder(ctx))[0];
}

export interface GridChange {
  add: RunRecord[];
  /** Queued runs whose model or hyperparameter set is now disabled or gone. */
  remove: string[];
}

/** Brings the grid in line with the catalog: missing combinations added, queued runs of disabled items removed. */
export function gridChange(
  datasets: readonly { id: string; shape?: readonly number[] }[],
  models: readonly ModelSpec[],
  hparams: readonly HParams[],
  runs: readonly RunRecord[],
  now: number,
): GridChange {
  const enabledModels = new Set(models.filter((m) => m.enabled).map((m) => m.id));
  const enabledHParams = new Set(hparams.filter((h) => h.enabled).map((h) => h.id));
  const remove = runs
    .filter((r) => r.status === 'queued' && (!enabledModels.has(r.modelId) || !enabledHParams.has(r.hparamsId)))
    .map((r) => r.id);
  const add = missingRuns(datasets, models, hparams, new Set(runs.map((r) => r.id)), now);
  return { add, remove };
}
