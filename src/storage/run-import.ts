// Imported runs written together: each run with its model and analysis, all in one transaction, so a
// failed import leaves nothing behind.
import { analysisSummaryOf, type AnalysisRecord } from '../core/analysis';
import type { RunRecord } from '../core/run';
import type { ArtifactRecord, TrainyardDB } from './db';

export interface RunWithModel {
  run: RunRecord;
  artifacts: ArtifactRecord;
  analysis?: AnalysisRecord;
}

export async function putImportedRuns(db: TrainyardDB, runs: readonly RunWithModel[]): Promise<void> {
  const tx = db.transaction(['runs', 'artifacts', 'analyses', 'analysisSummaries'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  for (const r of runs) {
    writes.push(tx.objectStore('runs').put(r.run), tx.objectStore('artifacts').put(r.artifacts));
    if (r.analysis) writes.push(tx.objectStore('analyses').put(r.analysis), tx.objectStore('analysisSummaries').put(analysisSummaryOf(r.analysis)));
    else writes.push(tx.objectStore('analyses').delete(r.run.id), tx.objectStore('analysisSummaries').delete(r.run.id));
  }
  await Promise.all([...writes, tx.done]);
}
