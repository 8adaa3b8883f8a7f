// Analyses of finished runs as app state: their summaries read at start-up (what the leaderboard and the queue
// need), a run's full analysis read when its report opens, analyses computed in the training worker one at a time
// (after each run, and at start-up for finished runs that have none), and "Try a model".
import { transfer, type Remote } from 'comlink';
import { analysisSummaryOf, type AnalysisRecord, type AnalysisSummaryRecord } from '../core/analysis';
import type { RunRecord } from '../core/run';
import type { AnalysisStore } from '../storage/analyses';
import type { TrainWorkerApi } from '../../workers/train.worker';
import type { ImagePrediction } from '../../workers/analysis-api';

/** Full analyses kept in memory (the reports opened last): each holds its failure images. */
const KEPT_ANALYSES = 8;

export class Reports {
  /** Every stored analysis's summary, by run id. */
  summaries = $state.raw<ReadonlyMap<string, AnalysisSummaryRecord>>(new Map());
  /** Full analyses read or made in this session, the most recent last (at most KEPT_ANALYSES). */
  analyses = $state.raw<ReadonlyMap<string, AnalysisRecord>>(new Map());
  /** Runs whose stored analysis is being read for their report. */
  reading = $state.raw<ReadonlySet<string>>(new Set());
  analysing = $state.raw<ReadonlySet<string>>(new Set());
  errors = $state.raw<ReadonlyMap<string, string>>(new Map());
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly store: AnalysisStore, private readonly worker: () => Remote<TrainWorkerApi>) {}

  /** Reads the summaries; full analyses are read one at a time, when a report opens (`open`). */
  async load(): Promise<void> {
    this.summaries = new Map((await this.store.summaries()).map((a) => [a.runId, a]));
    // Those held may be stale (another tab re-analysed or imported): read again when shown.
    this.analyses = new Map();
  }

  /** Reads the run's stored analysis for its report, unless it is held already or there is none. */
  async open(run: RunRecord): Promise<void> {
    if (this.of(run) || !this.summaryOf(run) || this.reading.has(run.id)) return;
    this.reading = new Set([...this.reading, run.id]);
    try {
      const record = await this.store.get(run.id);
      if (record) this.keep(record);
    } catch (error) {
      this.errors = new Map([...this.errors, [run.id, `The analysis could not be read: ${error instanceof Error ? error.message : String(error)}`]]);
    } finally {
      const rest = new Set(this.reading);
      rest.delete(run.id);
      this.reading = rest;
    }
  }

  private keep(record: AnalysisRecord): void {
    const held = [...this.analyses].filter(([id]) => id !== record.runId).slice(-(KEPT_ANALYSES - 1));
    this.analyses = new Map([...held, [record.runId, record]]);
    this.summaries = new Map([...this.summaries, [record.runId, analysisSummaryOf(record)]]);
  }

  /** Analyses one run after those already asked for; never throws (the error is kept for the report). */
  analyse(runId: string): Promise<void> {
    this.analysing = new Set([...this.analysing, runId]);
    const job = this.queue.then(async () => {
      try {
        this.keep(await this.worker().analyse(runId));
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

  /** The run's full analysis if it is held (see `open`), unless it predates the run's last training (a retried run). */
  of(run: RunRecord): AnalysisRecord | undefined {
    return fresh(this.analyses.get(run.id), run);
  }

  /** The summary of the run's stored analysis, unless that predates the run's last training. */
  summaryOf(run: RunRecord): AnalysisSummaryRecord | undefined {
    return fresh(this.summaries.get(run.id), run);
  }

  /** Queues an analysis for every finished run that has none, or only one older than its training. Call after load(). */
  async analyseMissing(runs: readonly RunRecord[]): Promise<void> {
    await Promise.all(runs.filter((r) => r.status === 'done' && !this.summaryOf(r)).map((r) => this.analyse(r.id)));
  }

  /** The selected run's prediction for one image file, decoded with its dataset's preprocessing. */
  async predict(runId: string, file: File): Promise<ImagePrediction> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return this.worker().predict(runId, transfer(bytes, [bytes.buffer]), file.name);
  }
}

function fresh<T extends { createdAt: number }>(analysis: T | undefined, run: RunRecord): T | undefined {
  return analysis && analysis.createdAt >= (run.finishedAt ?? 0) ? analysis : undefined;
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}
