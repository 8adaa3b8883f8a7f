// The leaderboard as data: one row per finished run, sortable by any column, and the model ×
// hyperparameter-set accuracy grid of one dataset. Runs are ranked by validation accuracy, which model choice
// may look at; test accuracy is shown beside it, measured once at the end.
import { bestValAccuracy } from './halving';
import type { RunRecord } from './run';
import { validationOf, type RunValidation } from './run-validation';

export interface LeaderboardRow {
  runId: string;
  datasetId: string;
  modelId: string;
  modelName: string;
  hparamsId: string;
  hparamsName: string;
  /** Null until the run is analysed (or when its test split is empty). */
  testAccuracy: number | null;
  /** Best validation accuracy over its epochs (what early stopping and halving choose by). */
  valAccuracy: number | null;
  /** Where validation came from; 'test' means the two accuracies are not independent. */
  validatedOn: RunValidation['kind'];
  testLoss: number | null;
  trainingSeconds: number | null;
  parameters: number | null;
}

export type SortKey = 'testAccuracy' | 'valAccuracy' | 'testLoss' | 'trainingSeconds' | 'parameters';

/** What the leaderboard needs from an analysis. */
export interface AnalysisSummary {
  parameters: number;
  metrics?: { accuracy: number; loss: number };
}

export function leaderboardRows(runs: readonly RunRecord[], analyses: ReadonlyMap<string, AnalysisSummary>): LeaderboardRow[] {
  return runs.filter((r) => r.status === 'done').map((r) => {
    const a = analyses.get(r.id);
    const best = bestValAccuracy(r);
    return {
      runId: r.id, datasetId: r.datasetId, modelId: r.modelId, modelName: r.model.name, hparamsId: r.hparamsId, hparamsName: r.hparams.name,
      testAccuracy: finiteOrNull(a?.metrics?.accuracy ?? r.testAccuracy),
      valAccuracy: best >= 0 ? best : null,
      validatedOn: validationOf(r).kind,
      testLoss: finiteOrNull(a?.metrics?.loss),
      trainingSeconds: r.startedAt !== undefined && r.finishedAt !== undefined ? finiteOrNull((r.finishedAt - r.startedAt) / 1000) : null,
      parameters: finiteOrNull(a?.parameters),
    };
  });
}

/** A non-finite number (a model with non-finite outputs, or an imported record) is no value: it sorts last and shows "—". */
function finiteOrNull(n: number | undefined): number | null {
  return n !== undefined && Number.isFinite(n) ? n : null;
}

/** Sorted copy; rows without a value go last whatever the direction, equal values by run id. */
export function sortRows(rows: readonly LeaderboardRow[], key: SortKey, descending: boolean): LeaderboardRow[] {
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? a.runId.localeCompare(b.runId) : x === null ? 1 : -1;
    return (descending ? y - x : x - y) || a.runId.localeCompare(b.runId);
  });
}

export interface AccuracyGrid {
  models: { id: string; name: string }[];
  hparams: { id: string; name: string }[];
  /** cells[model][hparams]: test accuracy, or null when that pair has no finished run. */
  cells: (number | null)[][];
}

/** Test accuracy by model (rows) × hyperparameter set (columns), in order of first appearance. */
export function accuracyGrid(rows: readonly LeaderboardRow[]): AccuracyGrid {
  const models = unique(rows.map((r) => ({ id: r.modelId, name: r.modelName })));
  const hparams = unique(rows.map((r) => ({ id: r.hparamsId, name: r.hparamsName })));
  const cells = models.map((m) => hparams.map((h) => rows.find((r) => r.modelId === m.id && r.hparamsId === h.id)?.testAccuracy ?? null));
  return { models, hparams, cells };
}

function unique(items: { id: string; name: string }[]): { id: string; name: string }[] {
  const seen = new Map<string, { id: string; name: string }>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}
