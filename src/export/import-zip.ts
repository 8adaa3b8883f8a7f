// Reading a run or study zip someone hands us: every entry name checked, every JSON file's shape checked,
// the weights checked against their manifest, before anything is written. Returns what to store, or throws
// one readable error naming the file and what is wrong with it.
import JSZip from 'jszip';
import type { AnalysisRecord } from '../core/analysis';
import type { RunRecord, RunStatus } from '../core/run';
import { unsafeZipPath } from '../core/zip-paths';
import type { ArtifactRecord } from '../storage/db';
import { parseAnalysisFile } from './analysis-file';
import { checkModelJson, isObject } from './model-check';
import { ANALYSIS_RECORD_FILE, RUN_RECORD_FILE } from './run-zip';

export interface ImportedRun {
  run: RunRecord;
  artifacts: ArtifactRecord;
  analysis?: AnalysisRecord;
}

export async function readRunZip(name: string, data: Blob | ArrayBuffer | Uint8Array): Promise<ImportedRun[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (error) {
    throw new Error(`${name}: not a readable zip (${error instanceof Error ? error.message : String(error)})`);
  }
  const entries = Object.values(zip.files);
  // Files before folders, so the message names the file itself rather than a folder made for it.
  for (const entry of [...entries.filter((e) => !e.dir), ...entries.filter((e) => e.dir)]) {
    const unsafe = unsafeZipPath(entry.unsafeOriginalName ?? entry.name);
    if (unsafe) throw new Error(`${name}: refused, ${unsafe}. Nothing was imported.`);
  }
  const runFiles = entries.filter((e) => !e.dir && (e.name === RUN_RECORD_FILE || e.name.endsWith(`/${RUN_RECORD_FILE}`)));
  if (runFiles.length === 0) {
    const model = entries.find((e) => e.name === 'model.json' || e.name.endsWith('/model.json'));
    throw new Error(model
      ? `${name}: ${model.name} is a tfjs model without a Trainyard run (${RUN_RECORD_FILE}); only runs exported by Trainyard can be imported here.`
      : `${name}: no ${RUN_RECORD_FILE} found, so this is not a run exported by Trainyard.`);
  }
  const runs: ImportedRun[] = [];
  for (const file of runFiles) runs.push(await readRunFolder(name, zip, file.name.slice(0, -RUN_RECORD_FILE.length)));
  return runs;
}

async function readRunFolder(name: string, zip: JSZip, folder: string): Promise<ImportedRun> {
  const fail = (reason: string): never => {
    throw new Error(`${name}: ${reason}. Nothing was imported.`);
  };
  const text = async (path: string) => zip.file(folder + path)?.async('string');
  const runPath = folder + RUN_RECORD_FILE;
  const run = parseRun((await text(RUN_RECORD_FILE)) ?? '', runPath);
  if (typeof run === 'string') return fail(run);
  const modelText = await text('model.json');
  if (modelText === undefined) return fail(`${folder}model.json is missing`);
  const model = await checkModelJson(modelText, `${folder}model.json`, async (file) => zip.file(folder + file)?.async('uint8array'));
  if (typeof model === 'string') return fail(model);
  const analysisText = await text(ANALYSIS_RECORD_FILE);
  let analysis: AnalysisRecord | undefined;
  if (analysisText !== undefined) {
    const parsed = parseAnalysisFile(analysisText, folder + ANALYSIS_RECORD_FILE);
    if (typeof parsed === 'string') return fail(parsed);
    if (parsed.runId !== run.id) return fail(`${folder + ANALYSIS_RECORD_FILE} belongs to run ${parsed.runId}, not ${run.id}`);
    analysis = parsed;
  }
  return { run, artifacts: { runId: run.id, epoch: run.checkpointEpoch, ...model }, ...(analysis ? { analysis } : {}) };
}

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled', 'pruned'];
const EPOCH_FIELDS = ['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'seconds'] as const;

/** The run record in `text`, or what is wrong with it. */
export function parseRun(text: string, path: string): RunRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${path} is not valid JSON`;
  }
  if (!isObject(value)) return `${path}: expected an object`;
  for (const key of ['id', 'datasetId', 'modelId', 'hparamsId'] as const) if (typeof value[key] !== 'string' || value[key] === '') return `${path}: "${key}" must be a non-empty string`;
  if (!isObject(value.model) || typeof value.model.name !== 'string' || !Array.isArray(value.model.layers)) return `${path}: "model" must be a model spec with a name and layers`;
  if (!isObject(value.hparams) || typeof value.hparams.name !== 'string' || typeof value.hparams.epochs !== 'number') return `${path}: "hparams" must be a hyperparameter set with a name and epochs`;
  if (!STATUSES.includes(value.status as RunStatus)) return `${path}: unknown status ${JSON.stringify(value.status)}`;
  if (value.status !== 'done') return `${path}: the run is ${String(value.status)}; only finished runs can be imported`;
  if (typeof value.enqueuedAt !== 'number' || typeof value.checkpointEpoch !== 'number') return `${path}: "enqueuedAt" and "checkpointEpoch" must be numbers`;
  if (!Array.isArray(value.history)) return `${path}: "history" must be a list of epochs`;
  for (const [i, h] of value.history.entries()) {
    if (!isObject(h)) return `${path}: history entry ${i + 1} is not an object`;
    const missing = EPOCH_FIELDS.find((k) => typeof h[k] !== 'number' && h[k] !== null);
    if (missing) return `${path}: history entry ${i + 1} has no number "${missing}"`;
  }
  return value as unknown as RunRecord;
}
