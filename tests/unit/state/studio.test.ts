// The studio's start-up with real stores on fake-indexeddb: what a crash left behind is reconciled.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Remote } from 'comlink';
import { openTrainyardDB } from '../../../src/storage/db';
import { CatalogStore, RunStore } from '../../../src/storage/runs';
import { SettingsStore } from '../../../src/storage/settings';
import { DatasetStore } from '../../../src/storage/datasets';
import { AnalysisStore } from '../../../src/storage/analyses';
import { Studio } from '../../../src/state/studio.svelte';
import { DEFAULT_HALVING } from '../../../src/core/halving';
import type { DatasetRecord } from '../../../src/core/types';
import type { TrainWorkerApi } from '../../../workers/train.worker';
import type { IngestWorkerApi } from '../../../workers/ingest.worker';
import type { RunArchive } from '../../../src/export/run-archive';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../../src/core/zoo';
import { modelSuits } from '../../../src/core/model-spec';
import type { AnalysisRecord } from '../../../src/core/analysis';
import type { ImportedRun } from '../../../src/export/import-zip';
import { missingRuns } from '../../../src/core/run';
import { hp, model } from '../../support/catalog';

type Db = Awaited<ReturnType<typeof openTrainyardDB>>;

/** A studio on real stores; the training worker answers `backend` and analyses by storing a stub record. */
function studioOn(db: Db, archive: Partial<RunArchive> = {}): { studio: Studio; analysed: string[] } {
  const analysed: string[] = [];
  const api = {
    backend: async () => ({ name: 'cpu', reason: '', detail: '' }),
    analyse: async (runId: string) => {
      analysed.push(runId);
      const record = { runId, datasetId: digits.id, createdAt: Date.now() } as unknown as AnalysisRecord;
      await db.put('analyses', record);
      return record;
    },
  } as unknown as Remote<TrainWorkerApi>;
  const trainWorker = { api, failed: new Promise<never>(() => {}), terminate: () => {} };
  const studio = new Studio({
    datasets: new DatasetStore(db), runs: new RunStore(db), catalog: new CatalogStore(db), settings: new SettingsStore(db), analyses: new AnalysisStore(db),
    ingestWorker: {} as Remote<IngestWorkerApi>, trainWorker: () => trainWorker, restartTrainWorker: () => trainWorker,
    sampleUrl: '', archive: archive as RunArchive, saveFile: () => {},
  });
  return { studio, analysed };
}

const digits: DatasetRecord = {
  id: 'digits-v1', name: 'digits', createdAt: 1, layout: 'folders', shape: [28, 28, 1], classes: ['0', '1'],
  counts: { train: { total: 4, perClass: [2, 2] }, test: { total: 2, perClass: [1, 1] } },
  bytes: 6 * 784, report: { skipped: [], warnings: [], images: 6, files: 6, seconds: 0 },
} as unknown as DatasetRecord;

describe('the studio at start-up', () => {
  it('gives a dataset committed right before a crash (stored with no runs) its runs', async () => {
    const db = await openTrainyardDB('studio-test-crash');
    // What the crash left: the dataset record committed, no run of it; the queue paused so nothing trains here.
    await db.put('datasets', digits);
    await new SettingsStore(db).put('queue', { paused: true, halving: DEFAULT_HALVING });
    const runs = new RunStore(db);
    expect(await runs.list()).toEqual([]);
    await studioOn(db).studio.init();
    const expected = BUILT_IN_MODELS.filter((m) => m.enabled && modelSuits(m, digits.shape)).length * BUILT_IN_HPARAMS.filter((h) => h.enabled).length;
    expect(expected).toBeGreaterThan(0);
    await expect.poll(async () => (await runs.list()).filter((r) => r.datasetId === digits.id).length).toBe(expected);
    expect((await runs.list()).every((r) => r.status === 'queued')).toBe(true);
  });
});

describe('importing runs', () => {
  it('analyses an imported finished run that came without its analysis, without a reload', async () => {
    const db = await openTrainyardDB('studio-test-import');
    await db.put('datasets', digits);
    await new SettingsStore(db).put('queue', { paused: true, halving: DEFAULT_HALVING });
    const [run] = missingRuns([digits], [model('imported', 1)], [hp('h', 1)], new Set(), 1);
    expect(run).toBeDefined();
    const done = { ...run!, status: 'done' as const, finishedAt: 2 };
    const importRuns = async (): Promise<ImportedRun[]> => {
      await db.put('runs', done);
      return [{ run: done } as ImportedRun];
    };
    const { studio, analysed } = studioOn(db, { importRuns });
    await studio.init();
    expect(analysed).toEqual([]);
    await studio.transfers.importZip(new File([], 'run.zip'));
    expect(studio.transfers.importError).toBeUndefined();
    await expect.poll(() => analysed).toEqual([done.id]);
    await expect.poll(() => studio.reports.analyses.has(done.id)).toBe(true);
  });
});
