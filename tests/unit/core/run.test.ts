import { describe, expect, it } from 'vitest';
import { compareRuns, missingRuns, runIdOf } from '../../../src/core/run';
import type { HParams } from '../../../src/core/hparams';
import type { ModelSpec } from '../../../src/core/model-spec';

const model = (id: string, priority: number, enabled = true): ModelSpec => ({
  id, name: id, description: '', priority, enabled, builtIn: true, layers: [{ type: 'flatten' }, { type: 'dense', units: 'classes', activation: 'softmax' }],
});
const hp = (id: string, priority: number, enabled = true): HParams => ({
  id, name: id, priority, enabled, epochs: 1, batchSize: 8, optimizer: 'adam', learningRate: 0.01, seed: 1,
});

describe('the run grid', () => {
  it('enqueues one run per dataset × enabled model × enabled set, skipping existing ones', () => {
    const datasets = [{ id: 'd1' }, { id: 'd2' }];
    const models = [model('m1', 1), model('m2', 2), model('off', 9, false)];
    const sets = [hp('h1', 1), hp('h2', 2, false)];
    const fresh = missingRuns(datasets, models, sets, new Set([runIdOf('d1', 'm1', 'h1')]), 1000);
    expect(fresh.map((r) => r.id).sort()).toEqual([runIdOf('d1', 'm2', 'h1'), runIdOf('d2', 'm1', 'h1'), runIdOf('d2', 'm2', 'h1')].sort());
    expect(fresh.every((r) => r.status === 'queued' && r.checkpointEpoch === -1)).toBe(true);
  });

  it('orders newer datasets first, then model priority, then hyperparameter priority, then enqueue time', () => {
    const runs = missingRuns([{ id: 'old' }, { id: 'new' }], [model('lo', 1), model('hi', 5)], [hp('a', 1), hp('b', 3)], new Set(), 0);
    const order = compareRuns(new Map([['old', 1], ['new', 2]]));
    expect(runs.sort(order).map((r) => r.id)).toEqual([
      runIdOf('new', 'hi', 'b'), runIdOf('new', 'hi', 'a'), runIdOf('new', 'lo', 'b'), runIdOf('new', 'lo', 'a'),
      runIdOf('old', 'hi', 'b'), runIdOf('old', 'hi', 'a'), runIdOf('old', 'lo', 'b'), runIdOf('old', 'lo', 'a'),
    ]);
  });
});
