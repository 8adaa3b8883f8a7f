// The studio's state: datasets and their import, the backend, the selection, and the run queue. It receives
// its stores and worker clients in the constructor, so tests can hand it fakes; the UI only reads it and calls
// its methods.
import { proxy, type Remote } from 'comlink';
import type { RunRecord } from '../core/run';
import type { DatasetRecord, Split } from '../core/types';
import type { ShardRecord } from '../storage/db';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../core/zoo';
import type { BackendChoice } from '../ml/backend';
import type { CatalogStore, RunStore } from '../storage/runs';
import type { DatasetStore } from '../storage/datasets';
import type { SettingsStore } from '../storage/settings';
import type { AnalysisStore } from '../storage/analyses';
import type { IngestWorkerApi } from '../../workers/ingest.worker';
import { Importer } from './importer.svelte';
import { RunQueue } from './run-queue.svelte';
import { Reports } from './reports.svelte';
import type { TrainWorkerHandle } from './train-worker-handle';
import { backendOrder, readBackendPreference, writeBackendPreference, type BackendPreference } from './backend-preference';
import type { RunArchive, ZipFile } from '../export/run-archive';
import { Transfers } from './transfers.svelte';
import { Backbones } from './backbones.svelte';
import type { ImageSize } from '../core/image-size';
import type { BackboneStore } from '../storage/backbones';
import type { IngestInput } from '../ingest/collect';
import { routeInputs } from './import-route';
import { leftoverNotice } from './leftover-notice';

/** The three panels; a narrow screen shows one at a time. */
export type Panel = 'datasets' | 'runs' | 'report';

export interface StudioDeps {
  datasets: DatasetStore;
  runs: RunStore;
  catalog: CatalogStore;
  /** Pretrained backbones (absent in tests that need none). */
  backbones?: BackboneStore;
  settings: SettingsStore;
  /** Backends measured per model and device (Automatic); "Measure again" forgets them. */
  backendChoices?: { clear(): Promise<void> };
  analyses: AnalysisStore;
  ingestWorker: Remote<IngestWorkerApi>;
  trainWorker: () => TrainWorkerHandle;
  /** Restarts the training worker after it died or failed; returns the fresh handle. */
  restartTrainWorker: () => TrainWorkerHandle;
  sampleUrl: string;
  /** Run, study and dataset zips; `saveFile` hands one to the person. */
  archive: RunArchive;
  saveFile: (file: ZipFile) => void;
  channel?: BroadcastChannel;
  locks?: LockManager;
}

export class Studio {
  datasets = $state.raw<DatasetRecord[]>([]);
  backend = $state.raw<BackendChoice | undefined>(undefined);
  backendError = $state<string | undefined>(undefined);
  selectedRunId = $state<string | undefined>(undefined);
  storage = $state.raw<{ usage: number; quota: number } | undefined>(undefined);
  /** Set when a new version of the app is ready; calling it reloads into that version. */
  update = $state.raw<(() => Promise<void>) | undefined>(undefined);
  readonly queue: RunQueue;
  /** The dataset shown in the report column, instead of a run. */
  selectedDatasetId = $state<string | undefined>(undefined);
  readonly importer: Importer;
  /** Analyses of finished runs, and "Try a model". */
  readonly reports: Reports;
  backendPreference = $state<BackendPreference>(readBackendPreference());
  private restartPending = false;
  /** Export and import of zips. */
  readonly transfers: Transfers;
  /** Pretrained backbones: stored, shipped, imported. */
  readonly backbones: Backbones | undefined;
  /** The panel a narrow screen shows: it follows the person's last action (import, a run starting, a selection). */
  panel = $state<Panel>('datasets');

  selectedRun = $derived.by((): RunRecord | undefined => {
    const runs = this.queue.ordered;
    return runs.find((r) => r.id === this.selectedRunId) ?? runs.find((r) => r.status === 'running') ?? runs.find((r) => r.status === 'done');
  });

  constructor(private readonly deps: StudioDeps) {
    this.backbones = deps.backbones ? new Backbones(deps.backbones, () => deps.trainWorker().api) : undefined;
    this.reports = new Reports(deps.analyses, () => deps.trainWorker().api);
    this.transfers = new Transfers(deps.archive, {
      save: deps.saveFile,
      imported: async (ids) => {
        await Promise.all([this.queue.refresh(), this.reports.load()]);
        // An imported run without its analysis is analysed now, not after the next reload.
        void this.reports.analyseMissing(this.queue.runs);
        this.select(ids[0]);
      },
    });
    this.queue = new RunQueue({
      runs: deps.runs,
      catalog: deps.catalog,
      settings: deps.settings,
      worker: deps.trainWorker,
      restartWorker: deps.restartTrainWorker,
      onFinished: (run) => {
        // Watching the runs when one finishes: its report is the next thing to read.
        if (this.panel === 'runs') this.panel = 'report';
        return this.reports.analyse(run.id);
      },
      onBackendChosen: (choice) => (this.backend = choice),
      beforeTrain: () => this.beforeTrain(),
      ...(deps.channel ? { channel: deps.channel } : {}),
      ...(deps.locks ? { locks: deps.locks } : {}),
    });
    this.importer = new Importer({
      worker: deps.ingestWorker,
      persist: async () => navigator.storage?.persist?.(),
      backboneInput: () => this.backboneInput(),
      onImported: async () => {
        await this.refreshDatasets();
        this.deps.channel?.postMessage({ kind: 'datasets' });
        await this.queue.sync();
        void this.refreshStorage();
      },
    });
    deps.channel?.addEventListener('message', (event: MessageEvent<{ kind: string }>) => {
      if (event.data.kind === 'datasets') void this.refreshDatasets();
    });
  }

  async init(): Promise<void> {
    await this.deps.catalog.seed(BUILT_IN_MODELS, BUILT_IN_HPARAMS);
    const leftovers = await this.deps.datasets.removeLeftovers().catch(() => undefined);
    const cleaned = leftovers && leftoverNotice(leftovers);
    if (cleaned) this.importer.notice = cleaned;
    await this.refreshDatasets();
    await this.queue.init();
    void this.backbones?.load();
    void this.reports.load().then(() => this.reports.analyseMissing(this.queue.runs));
    void this.refreshStorage();
    this.askBackend();
    // Reconcile the grid with what is stored before training: a tab that died right after a dataset committed
    // never added its runs, and a catalog changed in another version of the app may want runs too.
    void this.queue.sync();
    const runs = this.queue.runs;
    this.panel = this.datasets.length === 0 ? 'datasets'
      : runs.some((r) => r.status === 'running' || r.status === 'queued') ? 'runs' : runs.length ? 'report' : 'datasets';
  }

  /** The input size of the backbone under the highest-priority enabled backbone model, if there is one. */
  private async backboneInput(): Promise<ImageSize | undefined> {
    const models = (await this.deps.catalog.models()).filter((m) => m.enabled && m.backbone).sort((a, b) => b.priority - a.priority);
    for (const m of models) {
      const entry = this.backbones?.entries.find((b) => b.id === m.backbone?.id);
      const size = entry?.info?.inputSize ?? entry?.builtIn?.inputSize;
      if (size) return size;
    }
    return undefined;
  }

  /** The model and hyperparameter catalog, for its editor. */
  get catalog(): CatalogStore {
    return this.deps.catalog;
  }

  /** After the catalog changed: missing runs are enqueued, queued runs of disabled items removed. */
  enqueueMissing(): Promise<void> {
    return this.queue.sync();
  }

  private askBackend(): void {
    this.backend = undefined;
    this.backendError = undefined;
    this.deps.trainWorker().api.backend(backendOrder(this.backendPreference)).then(
      (b) => (this.backend = b),
      (e: unknown) => (this.backendError = messageOf(e)),
    );
  }

  /** Saves the choice and starts a fresh training worker on it (once the running run ends, if one is training). */
  setBackendPreference(preference: BackendPreference): void {
    writeBackendPreference(preference);
    this.backendPreference = preference;
    if (this.queue.live) {
      this.restartPending = true;
      return;
    }
    this.deps.restartTrainWorker();
    this.askBackend();
  }

  /** Automatic: forgets what was measured, so each model is timed again before its next run. */
  async measureAgain(): Promise<void> {
    await this.deps.backendChoices?.clear();
  }

  /** Before each run: apply a pending backend change, and make sure the worker chose by the preference. */
  private async beforeTrain(): Promise<void> {
    // A dataset was just added: its runs are the next step.
    if (this.panel === 'datasets') this.panel = 'runs';
    if (this.restartPending) {
      this.restartPending = false;
      this.deps.restartTrainWorker();
      this.askBackend();
    }
    await this.deps.trainWorker().api.backend(backendOrder(this.backendPreference));
  }

  async refreshDatasets(): Promise<void> {
    this.datasets = await this.deps.datasets.list();
    this.queue.datasets = this.datasets;
  }

  async refreshStorage(): Promise<void> {
    const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
    if (estimate) this.storage = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
  }

  trySample(): Promise<void> {
    this.panel = 'datasets';
    return this.importer.importNow({ kind: 'url', url: this.deps.sampleUrl, name: 'Sample digits' });
  }

  /** Whatever was picked or dropped: images and CSVs to the dataset import, run and study zips and tfjs models to the run import. */
  async importAny(inputs: readonly IngestInput[]): Promise<void> {
    const routed = await routeInputs(inputs);
    const datasets = routed.flatMap((r) => (r.to === 'dataset' ? [r.input] : []));
    const runs = routed.flatMap((r) => (r.to === 'runs' ? [r] : []));
    const importingDatasets = datasets.length ? ((this.panel = 'datasets'), this.importer.open(datasets)) : Promise.resolve();
    for (const r of runs) {
      // The run import's messages show in the runs panel; an imported run is then selected (its report).
      if (!datasets.length) this.panel = 'runs';
      await (r.kind === 'zip' ? this.transfers.importZip(r.file) : this.transfers.importFolder(r.name, r.files));
    }
    await importingDatasets;
  }

  /** Deletes a run and its model; the run import's message, which may name it, goes with it. */
  async deleteRun(id: string): Promise<void> {
    this.transfers.clearMessages();
    await this.queue.remove(id);
  }

  /** Shows a dataset in the report panel, or nothing when it is shown already. */
  toggleDataset(id: string): void {
    this.selectedDatasetId = this.selectedDatasetId === id ? undefined : id;
    if (this.selectedDatasetId) this.panel = 'report';
  }

  /** Deletes a dataset version with its runs; a run training on it is cancelled first. */
  async deleteDataset(id: string): Promise<void> {
    for (const run of this.queue.runs) if (run.datasetId === id && run.status === 'running') this.queue.cancel(run.id);
    await this.deps.datasets.delete(id);
    // "Already stored as …", "2,000 images imported": said of a state that is gone now.
    this.importer.clearMessages();
    this.transfers.clearMessages();
    if (this.selectedDatasetId === id) this.selectedDatasetId = undefined;
    await this.refreshDatasets();
    await this.queue.refresh();
    this.deps.channel?.postMessage({ kind: 'datasets' });
    void this.refreshStorage();
  }

  /** The first shard of a split, for the dataset view's sample grid. */
  firstShard(id: string, split: Split): Promise<ShardRecord | undefined> {
    return this.deps.datasets.firstShard(id, split);
  }

  select(runId: string | undefined): void {
    this.selectedRunId = runId;
    this.selectedDatasetId = undefined;
    if (runId) this.panel = 'report';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
