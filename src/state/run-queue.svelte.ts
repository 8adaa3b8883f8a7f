// The run queue: the grid kept in line with the catalog, the order it runs in, one run at a time in the
// training worker, pause, pin, retry, successive halving. One tab trains (a Web Lock); every tab shows the
// same state (a BroadcastChannel carries live progress and "something changed").
import { proxy } from 'comlink';
import { pushTo } from '../core/group';
import { DEFAULT_HALVING, halvingDecision, rungBudget, type HalvingOptions } from '../core/halving';
import type { HParams } from '../core/hparams';
import type { ModelSpec } from '../core/model-spec';
import { gridChange, nextRun, queueContext, queueView } from '../core/queue';
import type { RunRecord } from '../core/run';
import { classifyRunFailure, errorLike } from '../core/run-failure';
import type { DatasetRecord } from '../core/types';
import type { TrainProgress } from '../ml/train-run';
import type { BackendChoice } from '../ml/backend';
import type { BackendStatus } from '../ml/auto-backend';
import type { CatalogStore, RunStore } from '../storage/runs';
import type { SettingsStore } from '../storage/settings';
import type { TrainWorkerHandle } from './train-worker-handle';

export interface QueueSettings {
  paused: boolean;
  halving: HalvingOptions;
}

const SETTINGS_KEY = 'queue';
const DEFAULT_SETTINGS: QueueSettings = { paused: false, halving: DEFAULT_HALVING };
const LOCK_NAME = 'trainyard-trainer';

/** Automatic is timing backends for a run before it trains. */
export type MeasuringStatus = Extract<BackendStatus, { phase: 'measuring' }>;

type Message =
  | { kind: 'progress'; progress: TrainProgress | undefined }
  | { kind: 'measuring'; status: MeasuringStatus | undefined }
  /** Something changed in the store; `runId` when it was that run's record alone (an epoch's progress). */
  | { kind: 'changed'; runId?: string };

export interface RunQueueDeps {
  runs: RunStore;
  catalog: CatalogStore;
  settings: SettingsStore;
  worker: () => TrainWorkerHandle;
  restartWorker: () => TrainWorkerHandle;
  /** Called before each run starts (the studio applies a backend change here). */
  beforeTrain?: () => Promise<void>;
  /** Called after a run finished training (its analysis starts here). */
  onFinished?: (run: RunRecord) => Promise<void>;
  /** Called when the worker picked the backend for a run (Automatic measures per model). */
  onBackendChosen?: (choice: BackendChoice) => void;
  channel?: BroadcastChannel;
  locks?: LockManager;
}

export class RunQueue {
  runs = $state.raw<RunRecord[]>([]);
  /** Kept current by the studio; newer datasets run first. */
  datasets = $state.raw<readonly DatasetRecord[]>([]);
  models = $state.raw<ModelSpec[]>([]);
  hparams = $state.raw<HParams[]>([]);
  settings = $state.raw<QueueSettings>(DEFAULT_SETTINGS);
  live = $state.raw<TrainProgress | undefined>(undefined);
  /** Set while Automatic times backends for the run about to train. */
  measuring = $state.raw<MeasuringStatus | undefined>(undefined);
  /** True while another tab holds the training lock: this one only shows its progress. */
  trainingElsewhere = $state(false);

  ordered = $derived(queueView(this.runs, queueContext(this.datasets, this.models, this.hparams)));

  private running: Promise<void> | undefined;
  private wanted = false;
  /** Runs the person asked to cancel: only these end as cancelled (a lost GPU device throws an AbortError too). */
  private readonly cancelRequested = new Set<string>();

  constructor(private readonly deps: RunQueueDeps) {
    deps.channel?.addEventListener('message', (event: MessageEvent<Message>) => {
      if (event.data.kind === 'progress') this.live = event.data.progress;
      else if (event.data.kind === 'measuring') this.measuring = event.data.status;
      else void (event.data.runId ? this.refreshRun(event.data.runId) : this.refresh());
    });
  }

  async init(): Promise<void> {
    this.settings = await this.deps.settings.get(SETTINGS_KEY, DEFAULT_SETTINGS);
    await this.refresh();
  }

  async refresh(): Promise<void> {
    [this.runs, this.models, this.hparams] = await Promise.all([this.deps.runs.list(), this.deps.catalog.models(), this.deps.catalog.hparams()]);
  }

  /** Re-reads one run, whose record alone changed: with hundreds of runs, far less than refresh() reads. */
  private async refreshRun(id: string): Promise<void> {
    const run = await this.deps.runs.get(id);
    const at = this.runs.findIndex((r) => r.id === id);
    if (!run || at < 0) return this.refresh();
    const runs = this.runs.slice();
    runs[at] = run;
    this.runs = runs;
  }

  /** Adds the missing runs of the grid and removes queued runs of disabled items; then trains. */
  async sync(): Promise<void> {
    await this.refresh();
    const change = gridChange(this.datasets, this.models, this.hparams, this.runs, Date.now());
    if (this.settings.halving.enabled) for (const run of change.add) run.rung = 0;
    if (change.add.length) await this.deps.runs.putMany(change.add);
    if (change.remove.length) await this.deps.runs.delete(change.remove);
    // Nothing added or removed: the runs just read are current (with hundreds of runs, each read costs).
    if (change.add.length || change.remove.length) await this.changed();
    void this.start();
  }

  /**
   * Trains queued runs one at a time while not paused; waits its turn when another tab trains.
   * Resolves when the queue is idle. Called while already training, it makes the loop look again.
   */
  start(): Promise<void> {
    if (this.settings.paused) return this.running ?? Promise.resolve();
    this.wanted = true;
    this.running ??= this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  private async loop(): Promise<void> {
    while (this.wanted && !this.settings.paused) {
      this.wanted = false;
      await this.withLock(() => this.drain());
    }
  }

  private async withLock(work: () => Promise<void>): Promise<void> {
    const locks = this.deps.locks;
    if (!locks) return work();
    const got = await locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await work();
      return true;
    });
    if (got) return;
    this.trainingElsewhere = true;
    try {
      await locks.request(LOCK_NAME, async () => {
        this.trainingElsewhere = false;
        await work();
      });
    } finally {
      this.trainingElsewhere = false;
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      await this.refresh();
      if (this.settings.paused) return;
      if (await this.decideHalving()) continue;
      const run = nextRun(this.runs, queueContext(this.datasets, this.models, this.hparams));
      if (!run) return;
      await this.trainOne(run);
    }
  }

  private async trainOne(run: RunRecord): Promise<void> {
    const budget = run.rung !== undefined ? rungBudget(run.rung, this.settings.halving, run.hparams.epochs) : undefined;
    try {
      await this.deps.beforeTrain?.();
      // Shown as running at once (every tab), not only when the worker reports its first batches.
      await this.deps.runs.update(run.id, (r) => {
        r.status = 'running';
        delete r.waiting;
      });
      await this.changed();
      const handle = this.deps.worker();
      const trained = await Promise.race([
        handle.api.train(run.id, proxy((p: TrainProgress) => this.publish(p, !!p.epochStats)), budget, proxy((s: BackendStatus) => this.backendStatus(s))),
        handle.failed,
      ]);
      if (trained.status === 'done') await this.deps.onFinished?.(trained);
    } catch (error) {
      const failure = classifyRunFailure(errorLike(error), this.cancelRequested.has(run.id));
      await this.deps.runs.update(run.id, (r) => {
        r.status = failure.status;
        r.finishedAt = Date.now();
        if (failure.message === undefined) delete r.error;
        else r.error = failure.message;
      });
      // A lost device, exhausted memory or an exception may leave the worker's backend broken; a dead worker answers
      // nothing. A fresh worker brings a fresh device, so the next run does not fail on this one's.
      if (failure.restartWorker) this.deps.restartWorker();
    } finally {
      this.cancelRequested.delete(run.id);
      this.setMeasuring(undefined);
      this.publish(undefined, true);
    }
  }

  private backendStatus(status: BackendStatus): void {
    if (status.phase === 'measuring') return this.setMeasuring(status);
    this.setMeasuring(undefined);
    this.deps.onBackendChosen?.(status.choice);
  }

  private setMeasuring(status: MeasuringStatus | undefined): void {
    if (!status && !this.measuring) return;
    this.measuring = status;
    this.deps.channel?.postMessage({ kind: 'measuring', status } satisfies Message);
  }

  /** Applies a pending successive-halving decision; true when one was applied. */
  private async decideHalving(): Promise<boolean> {
    const byDataset = new Map<string, RunRecord[]>();
    for (const run of this.runs) if (run.rung !== undefined) pushTo(byDataset, run.datasetId, run);
    for (const runs of byDataset.values()) {
      const decision = halvingDecision(runs, this.settings.halving.keep);
      if (!decision) continue;
      const promote = new Set(decision.promote);
      for (const id of [...decision.promote, ...decision.prune]) {
        await this.deps.runs.update(id, (r) => {
          delete r.waiting;
          if (promote.has(id)) r.rung = decision.rung + 1;
          else {
            r.status = 'pruned';
            r.finishedAt = Date.now();
          }
        });
      }
      await this.changed();
      return true;
    }
    return false;
  }

  private publish(progress: TrainProgress | undefined, changed: boolean): void {
    // A run's first progress: the worker has stored its backend by now, so the list and live view can name it.
    const started = !!progress && progress.runId !== this.live?.runId;
    this.live = progress;
    this.deps.channel?.postMessage({ kind: 'progress', progress } satisfies Message);
    // An epoch's end or a run's start changed that run's record alone; a run's end may start another (a full read).
    if (changed || started) void this.changed(progress?.runId);
  }

  /** Re-reads the runs here (only `runId`'s when only it changed) and tells the other tabs to. */
  private async changed(runId?: string): Promise<void> {
    await (runId ? this.refreshRun(runId) : this.refresh());
    this.deps.channel?.postMessage({ kind: 'changed', ...(runId ? { runId } : {}) } satisfies Message);
  }

  async setSettings(settings: QueueSettings): Promise<void> {
    this.settings = settings;
    await this.deps.settings.put(SETTINGS_KEY, settings);
    this.deps.channel?.postMessage({ kind: 'changed' } satisfies Message);
    if (!settings.paused) void this.start();
  }

  pause(): Promise<void> {
    return this.setSettings({ ...this.settings, paused: true });
  }

  resume(): Promise<void> {
    return this.setSettings({ ...this.settings, paused: false });
  }

  async pin(id: string): Promise<void> {
    await this.deps.runs.update(id, (r) => (r.pinnedAt = Date.now()));
    await this.changed();
  }

  async unpin(id: string): Promise<void> {
    await this.deps.runs.update(id, (r) => delete r.pinnedAt);
    await this.changed();
  }

  /** Puts a failed, cancelled or pruned run back in the queue; it resumes from its last checkpoint. */
  async retry(id: string): Promise<void> {
    await this.deps.runs.update(id, (r) => {
      r.status = 'queued';
      delete r.error;
      delete r.finishedAt;
      delete r.waiting;
      if (r.rung !== undefined) delete r.rung;
    });
    await this.changed();
    void this.start();
  }

  cancel(id: string): void {
    if (this.runs.find((r) => r.id === id)?.status === 'running') this.cancelRequested.add(id);
    void this.deps.worker().api.cancel(id);
  }

  async remove(id: string): Promise<void> {
    if (this.runs.find((r) => r.id === id)?.status === 'running') {
      this.cancelRequested.add(id);
      await this.deps.worker().api.cancel(id);
    }
    await this.deps.runs.delete([id]);
    await this.changed();
  }
}
