// Analyses of trained runs: one record per run, written by the training worker, read by the report.
import type { AnalysisRecord } from '../core/analysis';
import type { TrainyardDB } from './db';

export class AnalysisStore {
  constructor(private readonly db: TrainyardDB) {}

  get(runId: string): Promise<AnalysisRecord | undefined> {
    return this.db.get('analyses', runId);
  }

  list(): Promise<AnalysisRecord[]> {
    return this.db.getAll('analyses');
  }

  async put(record: AnalysisRecord): Promise<void> {
    await this.db.put('analyses', record);
  }

  async delete(runId: string): Promise<void> {
    await this.db.delete('analyses', runId);
  }
}
