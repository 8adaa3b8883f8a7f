// The run queue with real stores on fake-indexeddb and a fake training worker that follows the real
// worker's contract (running → history per epoch → done, or waiting when stopped early for halving).
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { Remote } from 'comlink';
import { openTrainyardDB } from '../../../src/storage/db';
import { CatalogStore, RunStore } from '../../../src/storage/runs';
import { SettingsStore } from '../../../src/storage/settings';
import { RunQueue } from '../../../src/state/run-queue.svelte';
import type { TrainWorkerHandle } from '../../../src/state/train-worker-handle';
import type { TrainWorkerApi } from '../../../workers/train.worker';
import type { RunRecord } from '../../../src/core/run';
import type { DatasetRecord } from '../../../src/core/types';
import { hp, model } from '../../support/catalog';
import type { BackendStatus } from '../../../src/ml/auto-backend';
import type { TrainProgress } from '../../../src/ml/train-run';

const dataset = (id: string, createdAt: number) => ({ id, createdAt, name: id }) as unknown as DatasetRecord;

interface Setup {
  queue: RunQueue;
  db: Awaited<ReturnType<typeof openTrainyardDB>>;
  runs: RunStore;
  trained: string[];
  restarts: number;
  /** What the queue showed while the fake worker "measured" each run's backend, and the choices it passed on. */
  measuringShown: string[];
  chosen: string[];
  /** Per reported epoch: the run, the epoch, and how many epochs the queue's copy of the run shows soon after. */
  epochsSeen: string[];
}

let dbCount = 0;

/**
 * `accuracy(runId, epoch)` gives each fake epoch's validation accuracy; `dies` names runs that kill the worker;
 * `throws` names runs whose training rejects with that error, after the worker's `cancel` was called when `waitsForCancel`.
 */
async function setup(
  models = [model('m1', 2), model('m2', 1)], sets = [hp('h1', 2), hp('h2', 1)], accuracy = (_id: string, e: number) => 0.5 + e / 100,
  dies = new Set<string>(), throws = new Map<string, { error: Error; waitsForCancel?: boolean }>(),
): Promise<Setup> {
  const db = await openTrainyardDB(`queue-test-${dbCount++}`);
  const runs = new RunStore(db);
  const catalog = new CatalogStore(db);
  await catalog.seed(models, sets);
  const state: Setup = { queue: undefined as unknown as RunQueue, db, runs, trained: [], restarts: 0, measuringShown: [], chosen: [], epochsSeen: [] };
  const handle = (): TrainWorkerHandle => {
    let fail: (e: Error) => void = () => {};
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => {});
    let cancelled: () => void = () => {};
    const api = {
      async train(runId: string, progress: (p: TrainProgress) => void, stopAfterEpochs?: number, onBackend?: (s: BackendStatus) => void): Promise<RunRecord> {
        state.trained.push(runId);
        onBackend?.({ runId, phase: 'measuring', model: runId, timing: 'WASM', done: [] });
        state.measuringShown.push(`${state.queue.measuring?.runId}: ${state.queue.measuring?.timing}`);
        onBackend?.({ runId, phase: 'chosen', choice: { name: 'wasm', reason: `measured for ${runId}`, detail: '1 thread' } });
        state.measuringShown.push(String(state.queue.measuring));
        if (dies.has(runId)) {
          fail(new Error('The training worker stopped: out of memory'));
          return new Promise<RunRecord>(() => {});
        }
        const thrown = throws.get(runId);
        if (thrown) {
          if (thrown.waitsForCancel) await new Promise<void>((resolve) => (cancelled = resolve));
          throw thrown.error;
        }
        const run = (await runs.get(runId))!;
        const limit = Math.min(run.hparams.epochs, stopAfterEpochs ?? Infinity);
        // each epoch stored, then reported, as the real worker does
        for (let e = run.history.length; e < limit; e++) {
          const epochStats = { epoch: e, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: accuracy(runId, e), seconds: 1, samplesPerSecond: 1 };
          await runs.update(runId, (r) => void r.history.push(epochStats));
          progress({ runId, epoch: e, epochs: run.hparams.epochs, batch: 1, batches: 1, runningLoss: 1, samplesPerSecond: 1, secondsLeft: 0, numTensors: 0, numBytes: 0, epochStats });
          const shown = () => state.queue.runs.find((r) => r.id === runId)?.history.length ?? 0;
          await vi.waitFor(() => expect(shown()).toBeGreaterThan(e), { timeout: 500, interval: 1 }).catch(() => {});
          state.epochsSeen.push(`${short(runId)} ${e}: ${shown()}`);
        }
        return (await runs.update(runId, (r) => {
          r.checkpointEpoch = limit - 1;
          delete r.waiting;
          if (limit < r.hparams.epochs) {
            r.status = 'queued';
            r.waiting = true;
          } else {
            r.status = 'done';
            r.finishedAt = Date.now();
          }
        }))!;
      },
      async cancel() {
        cancelled();
      },
      async backend() {
        return { name: 'cpu', reason: '', detail: '' };
      },
    } as unknown as Remote<TrainWorkerApi>;
    return { api, failed, terminate: () => {} };
  };
  let current = handle();
  state.queue = new RunQueue({
    runs, catalog, settings: new SettingsStore(db),
    onBackendChosen: (choice) => state.chosen.push(choice.reason),
    worker: () => current,
    restartWorker: () => {
      state.restarts++;
      return (current = handle());
    },
  });
  await state.queue.init();
  return state;
}

const short = (id: string) => id.split('/').slice(1).join('/');

describe('the run queue', () => {
  it('trains the whole grid in order: newer dataset, model priority, hyperparameter priority', async () => {
    const s = await setup();
    s.queue.datasets = [dataset('old', 1), dataset('new', 2)];
    await s.queue.pause();
    await s.queue.sync();
    expect(s.queue.runs).toHaveLength(8);
    await s.queue.resume();
    await s.queue.start();
    expect(s.trained.map((id) => `${id.split('/')[0]}/${short(id)}`)).toEqual([
      'new/m1/h1', 'new/m1/h2', 'new/m2/h1', 'new/m2/h2', 'old/m1/h1', 'old/m1/h2', 'old/m2/h1', 'old/m2/h2',
    ]);
    expect(s.queue.runs.every((r) => r.status === 'done')).toBe(true);
  });

  it("re-reads only the run an epoch changed, not every run, and shows that epoch", async () => {
    const trainAll = async (epochs: number) => {
      const s = await setup([model('m1', 2), model('m2', 1)], [{ ...hp('h1', 1), epochs }]);
      s.queue.datasets = [dataset('d', 1)];
      await s.queue.pause();
      await s.queue.sync();
      const list = vi.spyOn(s.runs, 'list');
      await s.queue.resume();
      await s.queue.start();
      await vi.waitFor(() => expect(s.queue.runs.every((r) => r.status === 'done' && r.history.length === epochs)).toBe(true));
      return { lists: list.mock.calls.length, seen: s.epochsSeen };
    };
    const one = await trainAll(1);
    const six = await trainAll(6);
    // whole-store reads depend on the runs, not on their epochs
    expect(six.lists).toBe(one.lists);
    await vi.waitFor(() => expect(six.seen).toHaveLength(12));
    expect(six.seen.slice(0, 6)).toEqual(['m1/h1 0: 1', 'm1/h1 1: 2', 'm1/h1 2: 3', 'm1/h1 3: 4', 'm1/h1 4: 5', 'm1/h1 5: 6']);
  });

  it('shows which backend is being measured for a run, then passes the worker\'s choice on', async () => {
    const s = await setup([model('m1', 1)], [hp('h1', 1)]);
    s.queue.datasets = [dataset('d', 1)];
    await s.queue.sync();
    await s.queue.start();
    expect(s.measuringShown).toEqual(['d/m1/h1: WASM', 'undefined']);
    expect(s.chosen).toEqual(['measured for d/m1/h1']);
    expect(s.queue.measuring).toBeUndefined();
  });

  it('does not start runs while paused, and a pinned run goes first', async () => {
    const s = await setup();
    s.queue.datasets = [dataset('d', 1)];
    await s.queue.pause();
    await s.queue.sync();
    await s.queue.start();
    expect(s.trained).toEqual([]);
    await s.queue.pin('d/m2/h2');
    await s.queue.resume();
    await s.queue.start();
    expect(s.trained.map(short)).toEqual(['m2/h2', 'm1/h1', 'm1/h2', 'm2/h1']);
  });

  it('marks a run that kills the worker failed with the reason, restarts the worker and goes on', async () => {
    const s = await setup(undefined, undefined, undefined, new Set(['d/m1/h1']));
    s.queue.datasets = [dataset('d', 1)];
    await s.queue.sync();
    await s.queue.start();
    const failed = s.queue.runs.find((r) => r.id === 'd/m1/h1')!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('Out of memory (The training worker stopped: out of memory)');
    expect(s.restarts).toBe(1);
    expect(s.queue.runs.filter((r) => r.status === 'done')).toHaveLength(3);
  });

  it('marks a run whose GPU device was lost (an AbortError nobody asked for) failed with the reason, restarts the worker and goes on', async () => {
    const lost = new DOMException('A valid external Instance reference no longer exists.', 'AbortError');
    const s = await setup(undefined, undefined, undefined, undefined, new Map([['d/m1/h1', { error: lost }]]));
    s.queue.datasets = [dataset('d', 1)];
    await s.queue.sync();
    await s.queue.start();
    const failed = s.queue.runs.find((r) => r.id === 'd/m1/h1')!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('The GPU device was lost (A valid external Instance reference no longer exists.)');
    expect(s.restarts).toBe(1);
    expect(s.queue.runs.filter((r) => r.status === 'done')).toHaveLength(3);
  });

  it('marks a run the person cancelled as cancelled with no message, keeps the worker and goes on', async () => {
    const cancel = new DOMException('Training was cancelled', 'AbortError');
    const s = await setup(undefined, undefined, undefined, undefined, new Map([['d/m1/h1', { error: cancel, waitsForCancel: true }]]));
    s.queue.datasets = [dataset('d', 1)];
    await s.queue.pause();
    await s.queue.sync();
    await s.queue.resume();
    const drained = s.queue.start();
    await expect.poll(() => s.queue.runs.find((r) => r.id === 'd/m1/h1')?.status).toBe('running');
    s.queue.cancel('d/m1/h1');
    await drained;
    const cancelled = s.queue.runs.find((r) => r.id === 'd/m1/h1')!;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.error).toBeUndefined();
    expect(s.restarts).toBe(0);
    expect(s.queue.runs.filter((r) => r.status === 'done')).toHaveLength(3);
  });

  it('resumes a run left running by a closed tab before anything else', async () => {
    const s = await setup();
    s.queue.datasets = [dataset('d', 1)];
    await s.queue.pause();
    await s.queue.sync();
    await s.runs.update('d/m2/h2', (r) => {
      r.status = 'running';
      r.checkpointEpoch = 1;
    });
    await s.queue.resume();
    await s.queue.start();
    expect(s.trained.map(short)[0]).toBe('m2/h2');
  });

  it('removes queued runs of a disabled model and keeps its finished ones', async () => {
    const s = await setup();
    s.queue.datasets = [dataset('d', 1)];
    await s.queue.pause();
    await s.queue.sync();
    await s.runs.update('d/m2/h1', (r) => (r.status = 'done'));
    const m2 = (await s.db.get('models', 'm2'))!;
    await s.db.put('models', { ...m2, enabled: false });
    await s.queue.sync();
    expect(s.queue.runs.map((r) => `${short(r.id)}:${r.status}`).sort()).toEqual(['m1/h1:queued', 'm1/h2:queued', 'm2/h1:done']);
  });

  it('successive halving trains every run a first budget, keeps the best half, prunes the rest with their results', async () => {
    const scores: Record<string, number> = { 'd/m1/h1': 0.2, 'd/m1/h2': 0.9, 'd/m2/h1': 0.7, 'd/m2/h2': 0.4 };
    const s = await setup(undefined, [hp('h1', 2), hp('h2', 1)].map((h) => ({ ...h, epochs: 4 })), (id) => scores[id] as number);
    s.queue.datasets = [dataset('d', 1)];
    await s.queue.setSettings({ paused: true, halving: { enabled: true, firstEpochs: 1, keep: 0.5 } });
    await s.queue.sync();
    await s.queue.resume();
    await s.queue.start();
    const byId = new Map(s.queue.runs.map((r) => [r.id, r]));
    // Rung 1: all four train 1 epoch; rung 2: the best two go on to 2 epochs; rung 3: the best one to all 4.
    expect(s.trained.map(short)).toEqual(['m1/h1', 'm1/h2', 'm2/h1', 'm2/h2', 'm1/h2', 'm2/h1', 'm1/h2']);
    expect([...byId.values()].map((r) => `${short(r.id)}:${r.status}:${r.history.length}`).sort()).toEqual([
      'm1/h1:pruned:1', 'm1/h2:done:4', 'm2/h1:pruned:2', 'm2/h2:pruned:1',
    ]);
  });
});
