import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Remote } from 'comlink';
import type { AnalysisRecord } from '../../../src/core/analysis';
import type { RunRecord } from '../../../src/core/run';
import { openTrainyardDB } from '../../../src/storage/db';
import { AnalysisStore } from '../../../src/storage/analyses';
import { Reports } from '../../../src/state/reports.svelte';
import type { TrainWorkerApi } from '../../../workers/train.worker';

const analysis = (runId: string, createdAt = 2_000): AnalysisRecord => ({
  runId, datasetId: 'd', createdAt, seconds: 1, shape: [2, 2, 1], classes: ['a', 'b'], parameters: 10, confident: [], spectacular: [], emptyMessage: 'none',
});
const run = (id: string, finishedAt = 1_000) => ({ id, status: 'done', finishedAt }) as RunRecord;

/** An analysis store that counts the full records it hands out. */
async function countingStore(): Promise<{ store: AnalysisStore; reads: string[] }> {
  const store = new AnalysisStore(await openTrainyardDB(`reports-${Math.random()}`));
  const reads: string[] = [];
  const get = store.get.bind(store);
  store.get = (id) => (reads.push(id), get(id));
  return { store, reads };
}

describe('reports', () => {
  it('loads summaries only, and reads a run\'s full analysis when its report opens', async () => {
    const { store, reads } = await countingStore();
    for (const id of ['r1', 'r2', 'r3']) await store.put(analysis(id));
    const reports = new Reports(store, () => ({}) as Remote<TrainWorkerApi>);
    await reports.load();
    expect([...reports.summaries.keys()]).toEqual(['r1', 'r2', 'r3']);
    expect(reports.of(run('r2'))).toBeUndefined();
    await reports.open(run('r2'));
    await reports.open(run('r2'));
    expect(reports.of(run('r2'))?.runId).toBe('r2');
    expect(reads).toEqual(['r2']);
  });

  it('treats an analysis older than the run\'s last training as missing, and analyses it again', async () => {
    const { store, reads } = await countingStore();
    await store.put(analysis('r1', 500));
    const analysed: string[] = [];
    const reports = new Reports(store, () => ({ analyse: async (id: string) => (analysed.push(id), analysis(id, 3_000)) }) as unknown as Remote<TrainWorkerApi>);
    await reports.load();
    await reports.open(run('r1'));
    expect(reads).toEqual([]);
    await reports.analyseMissing([run('r1')]);
    expect(analysed).toEqual(['r1']);
    expect(reports.of(run('r1'))?.createdAt).toBe(3_000);
    expect(reports.summaryOf(run('r1'))?.createdAt).toBe(3_000);
  });

  it('keeps at most 8 full analyses in memory, the last opened', async () => {
    const { store } = await countingStore();
    const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
    for (const id of ids) await store.put(analysis(id));
    const reports = new Reports(store, () => ({}) as Remote<TrainWorkerApi>);
    await reports.load();
    for (const id of ids) await reports.open(run(id));
    expect([...reports.analyses.keys()]).toEqual(ids.slice(2));
  });
});
