// The studio's state: datasets, runs, the backend, live progress. It receives its stores and worker
// clients in the constructor, so tests can hand it fakes; the UI only reads it and calls its methods.
import type { Remote } from 'comlink';
import { compareRuns, missingRuns, type RunRecord } from '../core/run';
import type { DatasetRecord } from '../core/types';
import type { BackendChoice } from '../ml/backend';
import type { TrainProgress } from '../ml/train-run';
import type { IngestProgress, IngestResult } from '../ingest/ingest';
import type { CatalogStore, RunStore } from '../storage/runs';
import type { DatasetStore } from '../storage/datasets';
import type { IngestInput, IngestWorkerApi } from '../../workers/ingest.worker';
import type { TrainWorkerApi } from '../../workers/train.worker';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../core/zoo';
import { proxy } from 'comlink';
import { backendOrder, readBackendPreference, writeBackendPreference, type BackendPreference } from './backend-preference';

export interface StudioDeps {
  datasets: DatasetStore;
  runs: RunStore;
  catalog: CatalogStore;
  ingestWorker: Remote<IngestWorkerApi>;
  trainWorker: () => Remote<TrainWorkerApi>;
  /** Restarts the training worker after it died; returns the fresh client. */
  restartTrainWorker: () => Remote<TrainWorkerApi>;
  sampleUrl: string;
}

export interface IngestState {
  name: string;
  progress?: IngestProgress;
}

export class Studio {
  datasets = $state.raw<DatasetRecord[]>([]);
  runs = $state.raw<RunRecord[]>([]);
  backend = $state.raw<BackendChoice | undefined>(undefined);
  backendError = $state<string | undefined>(undefined);
  ingesting = $state.raw<IngestState | undefined>(undefined);
  ingestError = $state<string | undefined>(undefined);
  notice = $state<string | undefined>(undefined);
  live = $state.raw<TrainProgress | undefined>(undefined);
  selectedRunId = $state<string | undefined>(undefined);
  storage = $state.raw<{ usage: number; quota: number } | undefined>(undefined);
  backendPreference = $state<BackendPreference>(readBackendPreference());

  /** Runs in the order they will run, then the rest newest first. */
  queue = $derived.by(() => {
    const created = new Map(this.datasets.map((d) => [d.id, d.createdAt]));
    const order = compareRuns(created);
    const active = this.runs.filter((r) => r.status === 'running' || r.status === 'queued').sort((a, b) =>
      a.status === b.status ? order(a, b) : a.status === 'running' ? -1 : 1);
    const finished = this.runs.filter((r) => r.status !== 'running' && r.status !== 'queued').sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
    return [...active, ...finished];
  });

  selectedRun = $derived(this.runs.find((r) => r.id === this.selectedRunId) ?? this.queue.find((r) => r.status === 'done'));

  private scheduling = false;
  private restartPending = false;

  constructor(private readonly deps: StudioDeps) {}

  async init(): Promise<void> {
    await this.deps.catalog.seed(BUILT_IN_MODELS, BUILT_IN_HPARAMS);
    await this.deps.datasets.removeLeftoverShards();
    await this.refresh();
    void this.refreshStorage();
    this.askBackend();
    void this.schedule();
  }

  /** The model and hyperparameter catalog, for its editor. */
  get catalog(): CatalogStore {
    return this.deps.catalog;
  }

  private askBackend(): void {
    this.backend = undefined;
    this.backendError = undefined;
    this.deps.trainWorker().backend(backendOrder(this.backendPreference)).then(
      (b) => (this.backend = b),
      (e: unknown) => (this.backendError = messageOf(e)),
    );
  }

  /** Saves the choice and starts a fresh training worker on it (after the running epoch's run, if one is training). */
  setBackendPreference(preference: BackendPreference): void {
    writeBackendPreference(preference);
    this.backendPreference = preference;
    if (this.live) {
      this.restartPending = true;
      return;
    }
    this.deps.restartTrainWorker();
    this.askBackend();
  }

  async refresh(): Promise<void> {
    [this.datasets, this.runs] = await Promise.all([this.deps.datasets.list(), this.deps.runs.list()]);
  }

  async refreshStorage(): Promise<void> {
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    if (estimate) this.storage = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
  }

  trySample(): Promise<void> {
    return this.ingest({ kind: 'url', url: this.deps.sampleUrl, name: 'Sample digits' });
  }

  async ingest(input: IngestInput): Promise<void> {
    if (this.ingesting) return;
    this.ingestError = undefined;
    this.notice = undefined;
    this.ingesting = { name: input.name };
    await navigator.storage?.persist?.().catch(() => false);
    try {
      const result: IngestResult = await this.deps.ingestWorker.ingest(input, {}, proxy((progress: IngestProgress) => {
        this.ingesting = { name: input.name, progress };
      }));
      this.notice = result.existed
        ? `${input.name}: this exact data is already stored as "${result.dataset.name}"; nothing new was added.`
        : `${input.name}: ${result.dataset.report.images.toLocaleString('en-US')} images imported.`;
      await this.refresh();
      await this.enqueueMissing();
    } catch (error) {
      this.ingestError = messageOf(error);
    } finally {
      this.ingesting = undefined;
      void this.refreshStorage();
    }
  }

  cancelIngest(): void {
    void this.deps.ingestWorker.cancel();
  }

  /** Adds a queued run for every dataset × enabled model × enabled set that has none, then starts the queue. */
  async enqueueMissing(): Promise<void> {
    const [models, hparams] = await Promise.all([this.deps.catalog.models(), this.deps.catalog.hparams()]);
    const fresh = missingRuns(this.datasets, models, hparams, new Set(this.runs.map((r) => r.id)), Date.now());
    if (fresh.length) await this.deps.runs.putMany(fresh);
    await this.refresh();
    void this.schedule();
  }

  /** Trains queued runs one at a time, in queue order; one tab at a time holds the lock. */
  async schedule(): Promise<void> {
    if (this.scheduling) return;
    this.scheduling = true;
    try {
      const work = () => this.drain();
      if (navigator.locks) await navigator.locks.request('trainyard-trainer', work);
      else await work();
    } finally {
      this.scheduling = false;
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      await this.refresh();
      const next = this.queue.find((r) => r.status === 'running' || r.status === 'queued');
      if (!next) return;
      if (this.restartPending) {
        this.restartPending = false;
        this.deps.restartTrainWorker();
        this.askBackend();
      }
      try {
        await this.deps.trainWorker().backend(backendOrder(this.backendPreference));
        await this.deps.trainWorker().train(next.id, proxy((p: TrainProgress) => {
          this.live = p;
          if (p.epochStats) void this.refresh();
        }));
      } catch (error) {
        const message = messageOf(error);
        const cancelled = /cancel/i.test(message);
        await this.deps.runs.update(next.id, (r) => {
          r.status = cancelled ? 'cancelled' : 'failed';
          r.finishedAt = Date.now();
          if (!cancelled) r.error = message;
        });
        if (!cancelled) this.deps.restartTrainWorker();
      } finally {
        this.live = undefined;
      }
    }
  }

  cancelRun(runId: string): void {
    void this.deps.trainWorker().cancel(runId);
  }

  select(runId: string | undefined): void {
    this.selectedRunId = runId;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
