// A run trained for real in Node (cpu backend, MNIST digits) and analysed, as the bundle the exporters take.
import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import type { AnalysisRecord } from '../../../src/core/analysis';
import { missingRuns, type RunRecord } from '../../../src/core/run';
import type { DatasetRecord, Split } from '../../../src/core/types';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../../src/core/zoo';
import { analyseRun } from '../../../src/ml/analyse';
import { concatImageSets } from '../../../src/ml/image-set';
import { trainRun, type StoredArtifacts } from '../../../src/ml/train-run';
import type { PlotRenderer, RunBundle } from '../../../src/export/run-zip';
import type { ShardRecord } from '../../../src/storage/db';
import { loadDigits, type Digit } from '../../support/digits';

export interface TrainedRun {
  bundle: RunBundle & { analysis: AnalysisRecord; dataset: DatasetRecord };
  shards: Record<Split, ShardRecord[]>;
  test: Digit[];
}

export async function trainedRun(): Promise<TrainedRun> {
  await tf.setBackend('cpu');
  const digits = loadDigits(40);
  const [train, test] = [digits.slice(0, 300), digits.slice(300)];
  const shard = (list: Digit[], split: Split): ShardRecord => ({
    datasetId: 'digits', split, index: 0, count: list.length,
    pixels: concatImageSets([28, 28, 1], list.map((d) => ({ count: 1, pixels: d.pixels, labels: Uint16Array.of(d.label) }))).pixels,
    labels: Uint16Array.from(list, (d) => d.label), paths: list.map((_, i) => `${split}/${i}.png`),
  });
  const shards: Record<Split, ShardRecord[]> = { train: [shard(train, 'train')], val: [], test: [shard(test, 'test')] };
  const dataset: DatasetRecord = {
    id: 'digits', name: 'Digits', createdAt: 1, layout: 'csv', shape: [28, 28, 1], classes: '0123456789'.split(''),
    counts: { train: { perClass: new Array(10).fill(30), total: 300 }, test: { perClass: new Array(10).fill(10), total: 100 } },
    bytes: 400 * 784, report: { skipped: [], warnings: [], images: 400, files: 400, seconds: 0 },
  };
  const [queued] = missingRuns([dataset], [BUILT_IN_MODELS.find((m) => m.id === 'mlp')!], [{ ...BUILT_IN_HPARAMS[0]!, epochs: 3 }], new Set(), 1_700_000_000_000);
  let run = queued as RunRecord;
  let artifacts: StoredArtifacts | undefined;
  let analysis: AnalysisRecord | undefined;
  const store = {
    getRun: async () => structuredClone(run),
    updateRun: async (_: string, change: (r: RunRecord) => void) => (change(run), structuredClone(run)),
    getDataset: async () => dataset,
    readShard: async (_: DatasetRecord, split: Split, index: number) => shards[split][index]!,
    getArtifacts: async () => artifacts,
    putArtifacts: async (a: StoredArtifacts) => void (artifacts = a),
    putAnalysis: async (a: AnalysisRecord) => void (analysis = a),
  };
  run = await trainRun(store, run.id, { name: 'cpu', reason: 'test' }, () => {}, new AbortController().signal);
  await analyseRun(store, run.id);
  if (!artifacts || !analysis) throw new Error('training or analysis stored nothing');
  return { bundle: { run, artifacts, analysis, dataset }, shards, test };
}

/** Stands in for the canvas drawing in Node: one real 2×2 PNG per plot. */
export const fakePlots: PlotRenderer = async () =>
  ['loss.png', 'accuracy.png'].map((name) => ({ name, png: encode({ width: 2, height: 2, data: new Uint8Array(4), channels: 1, depth: 8 }) }));
