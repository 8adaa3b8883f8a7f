// Analyses of trained runs: one record per run, written by the training worker, read by the report when it opens.
// Each is written with its summary (a few numbers), which is what lists of runs read.
import { analysisSummaryOf, type AnalysisRecord, type AnalysisSummaryRecord } from '../core/analysis';
import type { TrainyardDB } from './db';

export class AnalysisStore {
  constructor(private readonly db: TrainyardDB) {}

  get(runId: string): Promise<AnalysisRecord | undefined> {
    return this.db.get('analyses', runId);
  }

  /** Every analysis's summary: no failure pixels, no confusion matrix. */
  summaries(): Promise<AnalysisSummaryRecord[]> {
    return this.db.getAll('analysisSummaries');
  }

  /** The analysis and its summary, in one transaction. */
  async put(record: AnalysisRecord): Promise<void> {
    const tx = this.db.transaction(['analyses', 'analysisSummaries'], 'readwrite');
    await Promise.all([tx.objectStore('analyses').put(record), tx.objectStore('analysisSummaries').put(analysisSummaryOf(record)), tx.done]);
  }

  async delete(runId: string): Promise<void> {
    const tx = this.db.transaction(['analyses', 'analysisSummaries'], 'readwrite');
    await Promise.all([tx.objectStore('analyses').delete(runId), tx.objectStore('analysisSummaries').delete(runId), tx.done]);
  }
}
