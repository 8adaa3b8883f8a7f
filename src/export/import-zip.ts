// Reading a run or study zip someone hands us: every entry name checked, every JSON file's shape checked,
// the weights checked against their manifest, before anything is written. Returns what to store, or throws
// one readable error naming the file and what is wrong with it. Every file's size is budgeted from what the
// zip's directory (or the picked folder) declares before any of it is read, and every entry's CRC-32 checked.
import type { AnalysisRecord } from '../core/analysis';
import { formatSize, JSON_FILE_LIMIT, RUN_ARCHIVE_LIMIT, RUN_ENTRY_LIMIT } from '../core/input-budget';
import { openZip } from '../core/zip-reader';
import type { RunRecord } from '../core/run';
import { datasetInfoFromConfig } from '../core/run-dataset';
import { parseRunRecord } from '../core/run-schema';
import { unsafeZipPath } from '../core/zip-paths';
import type { ArtifactRecord } from '../storage/db';
import { parseAnalysisFile } from './analysis-file';
import { checkModelJson } from './model-check';
import { importedModelRun } from './imported-model';
import { ANALYSIS_RECORD_FILE, HEAD_FOLDER, RUN_RECORD_FILE } from './run-zip';

export interface ImportedRun {
  run: RunRecord;
  artifacts: ArtifactRecord;
  analysis?: AnalysisRecord;
}

/** A file of an archive or of a picked folder, by its '/'-separated path. */
export interface ArchiveEntry {
  path: string;
  /** The name as stored, before any clean-up by the zip reader (what a careless unzip would write to). */
  rawPath: string;
  dir: boolean;
  /** What the file declares it holds (a zip's directory, a file's size), budgeted before it is read. */
  size: number;
  read(): Promise<Uint8Array>;
}

export async function zipEntries(name: string, data: Blob | ArrayBuffer | Uint8Array): Promise<ArchiveEntry[]> {
  let zip;
  try {
    zip = await openZip(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  } catch (error) {
    throw new Error(`${name}: not a readable zip (${messageOf(error)})`);
  }
  const reader = zip;
  return zip.entries.map((e) => ({
    path: cleanPath(e.name), rawPath: e.name, dir: e.dir, size: e.size,
    read: () => reader.read(e, RUN_ENTRY_LIMIT, 'one file of a run').catch((error: unknown) => {
      throw new Error(`${name}: ${e.name} ${messageOf(error)}. Nothing was imported.`);
    }),
  }));
}

/** Files picked as a folder (`<input webkitdirectory>`), by their relative paths. */
export function folderEntries(files: readonly { path: string; file: Blob }[]): ArchiveEntry[] {
  return files.map(({ path, file }) => ({ path, rawPath: path, dir: false, size: file.size, read: async () => new Uint8Array(await file.arrayBuffer()) }));
}

/** Refuses, before anything is read, a file or a whole archive past what one import may hold in memory. */
export function checkArchiveBudget(name: string, all: readonly ArchiveEntry[]): void {
  const files = all.filter((e) => !e.dir);
  const largest = files.reduce<ArchiveEntry | undefined>((a, e) => (!a || e.size > a.size ? e : a), undefined);
  if (largest && largest.size > RUN_ENTRY_LIMIT) {
    throw new Error(`${name}: ${largest.path} expands to ${formatSize(largest.size)}, more than the ${formatSize(RUN_ENTRY_LIMIT)} allowed for one file of a run. Nothing was imported.`);
  }
  const json = files.find((e) => e.path.endsWith('.json') && e.size > JSON_FILE_LIMIT);
  if (json) throw new Error(`${name}: ${json.path} expands to ${formatSize(json.size)}, more than the ${formatSize(JSON_FILE_LIMIT)} allowed for one JSON file of a run. Nothing was imported.`);
  const total = files.reduce((n, e) => n + e.size, 0);
  if (total > RUN_ARCHIVE_LIMIT) throw new Error(`${name}: its files expand to ${formatSize(total)}, more than the ${formatSize(RUN_ARCHIVE_LIMIT)} allowed for one import. Nothing was imported.`);
}

/** A zip name as a path ('/'-separated, no leading './'); unsafe names were refused before this is used. */
function cleanPath(name: string): string {
  return name.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function readRunZip(name: string, data: Blob | ArrayBuffer | Uint8Array): Promise<ImportedRun[]> {
  return readRunArchive(name, await zipEntries(name, data));
}

/**
 * Every Trainyard run in the archive (a run zip, or a study zip with a folder per run); or, when it holds no
 * run but one tfjs model.json, that model as a run to try on images.
 */
export async function readRunArchive(name: string, all: readonly ArchiveEntry[], now = Date.now()): Promise<ImportedRun[]> {
  // Files before folders, so the message names the file itself rather than a folder made for it.
  for (const entry of [...all.filter((e) => !e.dir), ...all.filter((e) => e.dir)]) {
    const unsafe = unsafeZipPath(entry.rawPath);
    if (unsafe) throw new Error(`${name}: refused, ${unsafe}. Nothing was imported.`);
  }
  checkArchiveBudget(name, all);
  const files = new Map(all.filter((e) => !e.dir).map((e) => [e.path, e]));
  const runFiles = [...files.keys()].filter((p) => p === RUN_RECORD_FILE || p.endsWith(`/${RUN_RECORD_FILE}`));
  if (runFiles.length > 0) {
    const runs: ImportedRun[] = [];
    for (const path of runFiles) runs.push(await readRunFolder(name, files, path.slice(0, -RUN_RECORD_FILE.length)));
    return runs;
  }
  const models = [...files.keys()].filter((p) => p === 'model.json' || p.endsWith('/model.json'));
  if (models.length === 0) throw new Error(`${name}: neither a Trainyard run (${RUN_RECORD_FILE}) nor a tfjs model (model.json) was found. Nothing was imported.`);
  if (models.length > 1) throw new Error(`${name}: holds ${models.length} model.json files (${models.slice(0, 3).join(', ')}); import one model at a time. Nothing was imported.`);
  const path = models[0] as string;
  const folder = path.slice(0, -'model.json'.length);
  const model = await checkModelJson(new TextDecoder().decode(await (files.get(path) as ArchiveEntry).read()), path, async (file) => files.get(folder + file)?.read());
  if (typeof model === 'string') throw new Error(`${name}: ${model}. Nothing was imported.`);
  const run = importedModelRun(model, name, path, now);
  if (typeof run === 'string') throw new Error(`${name}: ${run}. Nothing was imported.`);
  return [run];
}

async function readRunFolder(name: string, files: ReadonlyMap<string, ArchiveEntry>, folder: string): Promise<ImportedRun> {
  const fail = (reason: string): never => {
    throw new Error(`${name}: ${reason}. Nothing was imported.`);
  };
  const text = async (path: string) => {
    const bytes = await files.get(folder + path)?.read();
    return bytes && new TextDecoder().decode(bytes);
  };
  const runPath = folder + RUN_RECORD_FILE;
  const parsed = parseRunRecord((await text(RUN_RECORD_FILE)) ?? '', runPath);
  if (typeof parsed === 'string') return fail(parsed);
  // Zips written before run.json carried the dataset's description have it in config.json.
  const datasetInfo = parsed.datasetInfo ?? datasetInfoFromConfig(await text('config.json'), parsed.datasetId);
  const run: RunRecord = datasetInfo ? { ...parsed, datasetInfo } : parsed;
  const modelText = await text('model.json');
  if (modelText === undefined) return fail(`${folder}model.json is missing`);
  const model = await checkModelJson(modelText, `${folder}model.json`, async (file) => files.get(folder + file)?.read());
  if (typeof model === 'string') return fail(model);
  const analysisText = await text(ANALYSIS_RECORD_FILE);
  let analysis: AnalysisRecord | undefined;
  if (analysisText !== undefined) {
    const file = parseAnalysisFile(analysisText, folder + ANALYSIS_RECORD_FILE);
    if (typeof file === 'string') return fail(file);
    if (file.runId !== run.id) return fail(`${folder + ANALYSIS_RECORD_FILE} belongs to run ${file.runId}, not ${run.id}`);
    analysis = file;
  }
  const headText = await text(`${HEAD_FOLDER}model.json`);
  const head = headText === undefined ? undefined : await checkModelJson(headText, `${folder}${HEAD_FOLDER}model.json`, async (file) => files.get(folder + HEAD_FOLDER + file)?.read());
  if (typeof head === 'string') return fail(head);
  return { run, artifacts: { runId: run.id, epoch: run.checkpointEpoch, ...model, ...(head ? { head } : {}) }, ...(analysis ? { analysis } : {}) };
}
