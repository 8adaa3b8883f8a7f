// One run as a folder of files: the model in the tfjs Layers format, history, metrics, config, the plots as
// PNG, report.html, TensorBoard logs, and trainyard/ (the records the studio re-imports).
import type JSZip from 'jszip';
import type { AnalysisRecord } from '../core/analysis';
import { analysisToCsv, analysisToJson, confusionToCsv } from '../core/metrics-export';
import type { RunRecord } from '../core/run';
import { datasetInfoOf } from '../core/run-dataset';
import { describeValidation, validationOf } from '../core/run-validation';
import type { DatasetRecord, ManifestItem } from '../core/types';
import type { ArtifactRecord } from '../storage/db';
import { analysisFileText } from './analysis-file';
import { modelFiles, WEIGHTS_FILE } from './model-files';
import { reportHtml } from './report-html';
import { tensorboardLogs } from './tensorboard-logs';

export interface RunBundle {
  run: RunRecord;
  artifacts: ArtifactRecord;
  analysis?: AnalysisRecord;
  dataset?: DatasetRecord;
  /** Every image of the dataset by its source path, split and class name (absent when the dataset is gone). */
  manifest?: ManifestItem[];
}

export interface Plot {
  /** File name inside plots/, ending in .png. */
  name: string;
  png: Uint8Array;
}

/** Draws the run's plots; injected so Node tests can run without a canvas. */
export type PlotRenderer = (run: RunRecord, analysis: AnalysisRecord | undefined) => Promise<Plot[]>;

export const RUN_RECORD_FILE = 'trainyard/run.json';
/** A backbone run's head alone (a Layers model on the feature vector), beside the whole model. */
export const HEAD_FOLDER = 'head/';
export const ANALYSIS_RECORD_FILE = 'trainyard/analysis.json';

/** Writes the run's files into `folder` (the zip's root, or a sub-folder of a study zip). */
export async function addRunFiles(folder: JSZip, bundle: RunBundle, renderPlots: PlotRenderer, versions: Record<string, string>): Promise<void> {
  const { artifacts, analysis, dataset, manifest } = bundle;
  // The dataset's name, shape and classes go with the run, so it still names them where the dataset is not stored.
  const datasetInfo = dataset ? datasetInfoOf(dataset) : bundle.run.datasetInfo;
  const run: RunRecord = datasetInfo ? { ...bundle.run, datasetInfo } : bundle.run;
  const model = modelFiles(artifacts);
  folder.file('model.json', model.modelJson);
  folder.file(WEIGHTS_FILE, model.weights);
  if (artifacts.head) {
    // A backbone run: the model above takes images; the head alone takes the backbone's feature vectors.
    const head = modelFiles(artifacts.head);
    folder.file(`${HEAD_FOLDER}model.json`, head.modelJson);
    folder.file(`${HEAD_FOLDER}${WEIGHTS_FILE}`, head.weights);
  }
  folder.file('history.json', JSON.stringify(run.history, null, 2));
  const runName = `${run.model.name} · ${run.hparams.name}`;
  if (analysis) {
    folder.file('metrics.json', analysisToJson(analysis, runName));
    folder.file('scores.csv', analysisToCsv(analysis));
    folder.file('confusion.csv', confusionToCsv(analysis));
  } else {
    folder.file('metrics.json', JSON.stringify({ run: runName, runId: run.id, testAccuracy: run.testAccuracy ?? null, metrics: null }, null, 2));
  }
  folder.file('config.json', JSON.stringify({
    runId: run.id,
    dataset: dataset
      ? { id: dataset.id, name: dataset.name, layout: dataset.layout, shape: dataset.shape, classes: dataset.classes, counts: dataset.counts, split: dataset.split ?? null, images: dataset.report.images, manifest: manifest ?? [] }
      : { id: run.datasetId, ...datasetInfo },
    model: run.model,
    hyperparameters: run.hparams,
    // What model choice (early stopping, halving, best val.) looked at: a held-out share of train, or the test split.
    validation: { ...validationOf(run), description: describeValidation(run) },
    backend: run.backend ?? null,
    backendReason: run.backendReason ?? null,
    trainedEpochs: run.history.length,
    startedAt: run.startedAt ? new Date(run.startedAt).toISOString() : null,
    finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
    versions,
  }, null, 2));
  const plots = await renderPlots(run, analysis);
  for (const plot of plots) folder.file(`plots/${plot.name}`, plot.png);
  folder.file('report.html', reportHtml(run, analysis, dataset, plots));
  for (const log of tensorboardLogs(run)) folder.file(log.path, log.bytes);
  folder.file(RUN_RECORD_FILE, JSON.stringify(run));
  if (analysis) folder.file(ANALYSIS_RECORD_FILE, analysisFileText(analysis));
}
