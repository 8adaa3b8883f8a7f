// Seeds the studio's database with a large dataset and many finished runs through the app's own stores (dataset
// and shards in one commit, runs, analyses), and pauses the queue so opening the studio trains nothing. Used by
// bench/views.html (npm run bench 55-views) and by the views' browser test.
import { AnalysisStore } from '../analyses';
import { DatasetStore } from '../datasets';
import type { ShardRecord, TrainyardDB } from '../db';
import { CatalogStore, RunStore } from '../runs';
import { SettingsStore } from '../settings';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../core/zoo';
import { DEFAULT_HALVING } from '../../core/halving';
import { viewsAnalyses, viewsDataset, viewsRuns, viewsShards, type ViewsSeedOptions } from './views-records';

export interface ViewsSeedResult {
  datasetId: string;
  images: number;
  shards: number;
  runs: number;
  analyses: number;
  seconds: number;
}

/** Analyses per transaction: bounded, so seeding 500 holds a few dozen failure grids at a time. */
const ANALYSES_PER_WRITE = 50;

export async function seedViews(db: TrainyardDB, options: ViewsSeedOptions): Promise<ViewsSeedResult> {
  const started = performance.now();
  const datasets = new DatasetStore(db);
  const dataset = viewsDataset(options.images, Date.now() - options.runs * 1_000_000);
  const shards: ShardRecord[] = [...viewsShards(dataset, 'train', options), ...viewsShards(dataset, 'test', options)];
  await datasets.putVersion(dataset, shards);
  const firstTest = shards.find((s) => s.split === 'test' && s.index === 0) ?? shards[0];
  if (!firstTest) throw new Error('the seeded dataset has no images');

  await new CatalogStore(db).seed(BUILT_IN_MODELS, BUILT_IN_HPARAMS);
  await new SettingsStore(db).put('queue', { paused: true, halving: DEFAULT_HALVING });
  const runs = viewsRuns(dataset, options, Date.now());
  await new RunStore(db).putMany(runs);
  const analyses = new AnalysisStore(db);
  const records = viewsAnalyses(dataset, runs, firstTest);
  for (let i = 0; i < records.length; i += ANALYSES_PER_WRITE) await Promise.all(records.slice(i, i + ANALYSES_PER_WRITE).map((a) => analyses.put(a)));
  return { datasetId: dataset.id, images: options.images, shards: shards.length, runs: runs.length, analyses: records.length, seconds: (performance.now() - started) / 1000 };
}
