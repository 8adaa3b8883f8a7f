// Which dataset a run names: the stored one, or (for a run imported without its dataset) the one its zip
// described, marked as not stored here. The description comes from the run's own record (exports write it
// into trainyard/run.json) or, in zips written before that, from config.json's "dataset".
import { object, parseWith, text } from './record-schema';
import type { RunDatasetInfo, RunRecord } from './run';
import { runDatasetInfoSchema } from './run-schema';
import type { DatasetRecord } from './types';

export type RunDataset =
  | { kind: 'stored'; name: string; dataset: DatasetRecord }
  /** Described by the run's zip, not stored in this profile: its dataset zip can be imported. */
  | { kind: 'elsewhere'; name: string; info: RunDatasetInfo }
  | { kind: 'unknown'; name: string };

export function runDataset(run: Pick<RunRecord, 'datasetId' | 'datasetInfo'>, datasets: readonly DatasetRecord[]): RunDataset {
  const dataset = datasets.find((d) => d.id === run.datasetId);
  if (dataset) return { kind: 'stored', name: dataset.name, dataset };
  if (run.datasetInfo) return { kind: 'elsewhere', name: run.datasetInfo.name, info: run.datasetInfo };
  return { kind: 'unknown', name: 'deleted dataset' };
}

/** The dataset's name as a run's line shows it: "digits", "digits (not stored here)" or "deleted dataset". */
export function runDatasetLabel(run: Pick<RunRecord, 'datasetId' | 'datasetInfo'>, datasets: readonly DatasetRecord[]): string {
  const found = runDataset(run, datasets);
  return found.kind === 'elsewhere' ? `${found.name} (not stored here)` : found.name;
}

export function datasetInfoOf(dataset: DatasetRecord): RunDatasetInfo {
  return { name: dataset.name, shape: dataset.shape, classes: [...dataset.classes] };
}

const configDataset = object({ dataset: object({ id: text }) });

/**
 * The dataset config.json describes, when it is the run's (`datasetId`) and named; undefined otherwise: a
 * config.json is for people, and one that is missing, edited or from elsewhere never stops an import.
 */
export function datasetInfoFromConfig(json: string | undefined, datasetId: string): RunDatasetInfo | undefined {
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const config = parseWith(configDataset, value, 'config.json');
  if (typeof config === 'string' || config.dataset.id !== datasetId) return undefined;
  const info = parseWith(runDatasetInfoSchema, (value as { dataset: unknown }).dataset, 'config.json');
  return typeof info === 'string' ? undefined : info;
}
