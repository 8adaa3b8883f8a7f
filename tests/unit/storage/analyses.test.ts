import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import type { AnalysisRecord } from '../../../src/core/analysis';
import { openTrainyardDB } from '../../../src/storage/db';
import { AnalysisStore } from '../../../src/storage/analyses';
import { RunStore } from '../../../src/storage/runs';
import { putImportedRuns } from '../../../src/storage/run-import';
import type { RunRecord } from '../../../src/core/run';

let n = 0;
const name = () => `analyses-${n++}`;

function analysis(runId: string, accuracy: number): AnalysisRecord {
  const failure = { index: 3, label: 1, predicted: 7, confidence: 0.9, trueProbability: 0.05, path: 'test/1/a.png', probabilities: [0.05, 0.9], pixels: new Uint8Array(784).fill(9) };
  return {
    runId, datasetId: 'd1', createdAt: 1_000, seconds: 2, shape: [28, 28, 1], classes: ['1', '7'], parameters: 4_242,
    metrics: {
      count: 10, accuracy, loss: 0.31, confusion: [[5, 0], [1, 4]], perClass: [], macro: { precision: 1, recall: 1, f1: 1 }, weighted: { precision: 1, recall: 1, f1: 1 },
      topK: [], calibration: { bins: [], ece: 0.02 },
    },
    confident: [failure], spectacular: [failure],
  };
}

describe('analysis summaries', () => {
  it('writes a summary with each analysis: its numbers, without the confusion matrix or failure images', async () => {
    const store = new AnalysisStore(await openTrainyardDB(name()));
    await store.put(analysis('r1', 0.9));
    await store.put({ ...analysis('r2', 0.5), metrics: undefined, emptyMessage: 'no test split' } as unknown as AnalysisRecord);
    expect(await store.summaries()).toEqual([
      { runId: 'r1', datasetId: 'd1', createdAt: 1_000, parameters: 4_242, metrics: { accuracy: 0.9, loss: 0.31 } },
      { runId: 'r2', datasetId: 'd1', createdAt: 1_000, parameters: 4_242 },
    ]);
    expect((await store.get('r1'))?.confident[0]?.pixels).toHaveLength(784);
  });

  it('removes the summary with its analysis, its run, or an imported run that came without one', async () => {
    const db = await openTrainyardDB(name());
    const store = new AnalysisStore(db);
    for (const id of ['r1', 'r2', 'r3']) await store.put(analysis(id, 0.8));
    await store.delete('r1');
    await new RunStore(db).delete(['r2']);
    const run = { id: 'r3', datasetId: 'd1' } as RunRecord;
    await putImportedRuns(db, [{ run, artifacts: { runId: 'r3', epoch: 0, modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) } as never }]);
    expect(await store.summaries()).toEqual([]);
    expect(await db.count('analyses')).toBe(0);
  });

  it('gives every analysis stored by version 2 its summary when the database opens', async () => {
    const dbName = name();
    const old = await openDB(dbName, 2, {
      upgrade(db) {
        db.createObjectStore('analyses', { keyPath: 'runId' }).createIndex('byDataset', 'datasetId');
      },
    });
    await old.put('analyses', analysis('r1', 0.75));
    await old.put('analyses', analysis('r2', 0.25));
    old.close();
    const store = new AnalysisStore(await openTrainyardDB(dbName));
    expect((await store.summaries()).map((s) => [s.runId, s.metrics?.accuracy])).toEqual([['r1', 0.75], ['r2', 0.25]]);
  });
});
