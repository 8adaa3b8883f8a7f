// A study: every finished run (of one dataset, or all) as a folder of one zip, with leaderboard.csv
// ranking them by validation accuracy (test accuracy beside it).
import JSZip from 'jszip';
import { toCsv } from '../core/csv-writer';
import { leaderboardRows, sortRows } from '../core/metrics-leaderboard';
import { addRunFiles, type PlotRenderer, type RunBundle } from './run-zip';

/** A folder name from free text: `MLP · Quick` → `mlp-quick`. */
export function folderName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'run';
}

/** Folder per run, unique within the zip: dataset name, model and hyperparameters. */
export function runFolders(bundles: readonly RunBundle[]): string[] {
  const used = new Set<string>();
  return bundles.map((b) => {
    const base = folderName(`${b.dataset?.name ?? b.run.datasetId}-${b.run.model.name}-${b.run.hparams.name}`);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return name;
  });
}

/** The validation column: a split of train, or the test split (then test accuracy is not independent). */
const VALIDATION_COLUMN = { split: 'train split', test: 'test split', train: 'train itself' } as const;

export function leaderboardCsv(bundles: readonly RunBundle[], folders: readonly string[]): string {
  const analyses = new Map(bundles.flatMap((b) => (b.analysis ? [[b.run.id, b.analysis] as const] : [])));
  const rows = sortRows(leaderboardRows(bundles.map((b) => b.run), analyses), 'valAccuracy', true);
  const folderOf = new Map(bundles.map((b, i) => [b.run.id, folders[i] ?? '']));
  const datasetOf = new Map(bundles.map((b) => [b.run.id, b.dataset?.name ?? '']));
  return toCsv(
    ['rank', 'folder', 'dataset', 'datasetId', 'model', 'hyperparameters', 'valAccuracy', 'testAccuracy', 'validation', 'testLoss', 'trainingSeconds', 'parameters', 'runId'],
    rows.map((r, i) => [i + 1, folderOf.get(r.runId), datasetOf.get(r.runId), r.datasetId, r.modelName, r.hparamsName,
      r.valAccuracy, r.testAccuracy, VALIDATION_COLUMN[r.validatedOn], r.testLoss, r.trainingSeconds, r.parameters, r.runId]),
  );
}

export async function studyZip(bundles: readonly RunBundle[], renderPlots: PlotRenderer, versions: Record<string, string>): Promise<Blob> {
  const zip = new JSZip();
  const folders = runFolders(bundles);
  for (const [i, bundle] of bundles.entries()) await addRunFiles(zip.folder(folders[i] as string) as JSZip, bundle, renderPlots, versions);
  zip.file('leaderboard.csv', leaderboardCsv(bundles, folders));
  return zip.generateAsync({ type: 'blob', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
