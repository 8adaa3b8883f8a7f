// Analyses of finished runs as app state: loaded from the database, computed in the training worker one
// at a time (after each run, and at start-up for finished runs that have none), and "Try a model".
import { transfer, type Remote } from 'comlink';
import type { AnalysisRecord } from '../core/analysis';
import type { RunRecord } from '../core/run';
import type { AnalysisStore } from '../storage/analyses';
import type { TrainWorkerApi } from '../../workers/train.worker';
import type { ImagePrediction } from '../../workers/analysis-api';

export class Reports {
  analyses = $state.raw<ReadonlyMap<string, AnalysisRecord>>(new Map());
  analysing = $state.raw<ReadonlySet<string>>(new Set());
  errors = $state.raw<ReadonlyMap<string, string>>(new Map());
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly store: AnalysisStore, private readonly worker: () => Remote<TrainWorkerApi>) {}

  async load(): Promise<void> {
    this.analyses = new Map((await this.store.list()).map((a) => [a.runId, a]));
  }

  /** Analyses one run after those already asked for; never throws (the error is kept for the report). */
  analyse(runId: string): Promise<void> {
    this.analysing = new Set([...this.analysing, runId]);
    const job = this.queue.then(async () => {
      try {
        const record = await this.worker().analyse(runId);
        this.analyses = new Map([...this.analyses, [runId, record]]);
        this.errors = without(this.errors, runId);
      } catch (error) {
        this.errors = new Map([...this.errors, [runId, `The analysis failed: ${error instanceof Error ? error.message : String(error)}`]]);
      } finally {
        const rest = new Set(this.analysing);
        rest.delete(runId);
        this.analysing = rest;
      }
    });
    this.queue = job;
    return job;
  }

  /** The run's analysis, unless it predates the run's last training (a retried run). */
  of(run: RunRecord): AnalysisRecord | undefined {
    const analysis = this.analyses.get(run.id);
    return analysis && analysis.createdAt >= (run.finishedAt ?? 0) ? analysis : undefined;
  }

  /** Queues an analysis for every finished run that has none, or only one older than its training. Call after load(). */
  async analyseMissing(runs: readonly RunRecord[]): Promise<void> {
    await Promise.all(runs.filter((r) => r.status === 'done' && !this.of(r)).map((r) => this.analyse(r.id)));
  }

  /** The selected run's prediction for one image file, decoded with its dataset's preprocessing. */
  async predict(runId: string, file: File): Promise<ImagePrediction> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return this.worker().predict(runId, transfer(bytes, [bytes.buffer]), file.name);
  }
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}
