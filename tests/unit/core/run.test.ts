import { describe, expect, it } from 'vitest';
import { missingRuns, runIdOf, type RunRecord } from '../../../src/core/run';
import { gridChange, nextRun, queueContext, queueOrder, queueView } from '../../../src/core/queue';
import { hp, model } from '../../support/catalog';

const datasets = [{ id: 'old', createdAt: 1 }, { id: 'new', createdAt: 2 }];
const models = [model('lo', 1), model('hi', 5)];
const sets = [hp('a', 1), hp('b', 3)];

describe('the run grid', () => {
  it('enqueues one run per dataset × enabled model × enabled set, skipping existing ones', () => {
    const fresh = missingRuns([{ id: 'd1' }, { id: 'd2' }], [model('m1', 1), model('m2', 2), model('off', 9, false)], [hp('h1', 1), hp('h2', 2, false)],
      new Set([runIdOf('d1', 'm1', 'h1')]), 1000);
    expect(fresh.map((r) => r.id).sort()).toEqual([runIdOf('d1', 'm2', 'h1'), runIdOf('d2', 'm1', 'h1'), runIdOf('d2', 'm2', 'h1')].sort());
    expect(fresh.every((r) => r.status === 'queued' && r.checkpointEpoch === -1)).toBe(true);
  });

  it('a disabled model loses its queued runs and keeps its finished ones; a new set adds only what is missing', () => {
    const runs = missingRuns(datasets, models, sets, new Set(), 0);
    const finished = runs.find((r) => r.modelId === 'lo' && r.datasetId === 'old' && r.hparamsId === 'a')!;
    finished.status = 'done';
    const change = gridChange(datasets, [model('lo', 1, false), model('hi', 5)], [...sets, hp('c', 2)], runs, 10);
    expect(change.remove.sort()).toEqual([runIdOf('new', 'lo', 'a'), runIdOf('new', 'lo', 'b'), runIdOf('old', 'lo', 'b')].sort());
    expect(change.add.map((r) => r.id).sort()).toEqual([runIdOf('new', 'hi', 'c'), runIdOf('old', 'hi', 'c')].sort());
  });
});

describe('the queue order', () => {
  const runs = () => missingRuns(datasets, models, sets, new Set(), 0);
  const ctx = queueContext(datasets, models, sets);

  it('runs newer datasets first, then higher model priority, then higher hyperparameter priority', () => {
    expect(runs().sort(queueOrder(ctx)).map((r) => r.id)).toEqual([
      runIdOf('new', 'hi', 'b'), runIdOf('new', 'hi', 'a'), runIdOf('new', 'lo', 'b'), runIdOf('new', 'lo', 'a'),
      runIdOf('old', 'hi', 'b'), runIdOf('old', 'hi', 'a'), runIdOf('old', 'lo', 'b'), runIdOf('old', 'lo', 'a'),
    ]);
  });

  it('breaks ties by enqueue time, then by id', () => {
    const tied = missingRuns([{ id: 'd' }], [model('x', 1), model('y', 1)], [hp('h', 1)], new Set(), 0);
    tied[0]!.enqueuedAt = 5;
    tied[1]!.enqueuedAt = 3;
    expect(tied.sort(queueOrder(queueContext([{ id: 'd', createdAt: 1 }], [], []))).map((r) => r.modelId)).toEqual(['y', 'x']);
    tied.forEach((r) => (r.enqueuedAt = 0));
    expect(tied.sort(queueOrder(queueContext([{ id: 'd', createdAt: 1 }], [], []))).map((r) => r.modelId)).toEqual(['x', 'y']);
  });

  it('follows priorities changed while a run is running, and keeps the running run on top', () => {
    const all = runs();
    const running = all.find((r) => r.id === runIdOf('new', 'hi', 'b'))!;
    running.status = 'running';
    const changed = queueContext(datasets, [model('lo', 9), model('hi', 5)], sets);
    const view = queueView(all, changed);
    expect(view[0]!.id).toBe(running.id);
    expect(view[1]!.id).toBe(runIdOf('new', 'lo', 'b'));
    expect(nextRun(all, changed)!.id).toBe(running.id);
    running.status = 'done';
    expect(nextRun(all, changed)!.id).toBe(runIdOf('new', 'lo', 'b'));
  });

  it('puts a pinned run in front, the latest pin first', () => {
    const all = runs();
    all.find((r) => r.id === runIdOf('old', 'lo', 'a'))!.pinnedAt = 100;
    all.find((r) => r.id === runIdOf('old', 'lo', 'b'))!.pinnedAt = 200;
    expect(all.sort(queueOrder(ctx)).slice(0, 3).map((r) => r.id)).toEqual([runIdOf('old', 'lo', 'b'), runIdOf('old', 'lo', 'a'), runIdOf('new', 'hi', 'b')]);
  });

  it('skips runs waiting for a halving decision and finished runs', () => {
    const all: RunRecord[] = runs();
    for (const r of all) r.status = 'done';
    all[0]!.status = 'queued';
    all[0]!.waiting = true;
    expect(nextRun(all, ctx)).toBeUndefined();
  });
});

describe('which datasets a model suits', () => {
  const photos = { id: 'photos', shape: [224, 224, 3] as const };
  const digits = { id: 'digits', shape: [28, 28, 1] as const };
  const tinyColour = { id: 'tiny', shape: [16, 16, 3] as const };
  it('gives photo-like datasets (colour, ≥32 px) the backbone runs and small ones the small nets', () => {
    const backbone = { ...model('mobilenet', 1), backbone: { id: 'b', trainable: 0 } };
    const mlp = { ...model('mlp', 2), data: 'small' as const };
    const cnn = model('cnn', 3);
    const runs = missingRuns([photos, digits, tinyColour], [backbone, mlp, cnn], [hp('h', 1)], new Set(), 0);
    expect(runs.map((r) => `${r.datasetId}:${r.modelId}`).sort()).toEqual(
      ['digits:cnn', 'digits:mlp', 'photos:cnn', 'photos:mobilenet', 'tiny:cnn', 'tiny:mlp'],
    );
  });
});
