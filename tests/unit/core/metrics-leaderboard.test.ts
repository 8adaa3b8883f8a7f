import { describe, expect, it } from 'vitest';
import { accuracyGrid, leaderboardRows, sortRows } from '../../../src/core/metrics-leaderboard';
import { missingRuns, type RunRecord } from '../../../src/core/run';
import { BUILT_IN_HPARAMS } from '../../../src/core/zoo';
import { model } from '../../support/catalog';

const models = [model('mlp', 2), model('small-cnn', 1)];
const hparams = [BUILT_IN_HPARAMS[0]!, { ...BUILT_IN_HPARAMS[0]!, id: 'slow', name: 'Slow' }];

function runs(): RunRecord[] {
  const all = missingRuns([{ id: 'd' }], models, hparams, new Set(), 0);
  // mlp/quick 0.9, mlp/slow 0.8 (not analysed), small-cnn/quick 0.95, small-cnn/slow still queued.
  const done = (r: RunRecord, acc: number, seconds: number) => Object.assign(r, {
    status: 'done', testAccuracy: acc, startedAt: 1000, finishedAt: 1000 + seconds * 1000,
    history: [{ epoch: 0, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: acc - 0.01, seconds, samplesPerSecond: 1 }],
  });
  done(all[0]!, 0.9, 30);
  done(all[1]!, 0.8, 10);
  done(all[2]!, 0.95, 20);
  return all;
}

describe('leaderboard', () => {
  const analyses = new Map([
    ['d/mlp/quick', { parameters: 1000, metrics: { accuracy: 0.91, loss: 0.3 } }],
    ['d/small-cnn/quick', { parameters: 500, metrics: { accuracy: 0.95, loss: 0.2 } }],
  ]);
  const rows = leaderboardRows(runs(), analyses);

  it('lists finished runs only, preferring the analysis numbers', () => {
    expect(rows.map((r) => r.runId)).toEqual(['d/mlp/quick', 'd/mlp/slow', 'd/small-cnn/quick']);
    expect(rows[0]).toMatchObject({ testAccuracy: 0.91, testLoss: 0.3, parameters: 1000, trainingSeconds: 30, valAccuracy: 0.89 });
    expect(rows[1]).toMatchObject({ testAccuracy: 0.8, testLoss: null, parameters: null });
  });

  it('takes the best validation accuracy over the epochs, and says where validation came from', () => {
    const [run] = runs();
    run!.history = [0.7, 0.93, 0.88].map((valAccuracy, epoch) => ({ epoch, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy, seconds: 1, samplesPerSecond: 1 }));
    run!.validation = { kind: 'split', fraction: 0.15, seed: 1, images: 90 };
    const onTest = { ...run!, id: 'd/mlp/on-test', validation: { kind: 'test' as const, images: 100 } };
    const [split, test] = leaderboardRows([run!, onTest], new Map());
    expect(split).toMatchObject({ valAccuracy: 0.93, testAccuracy: 0.9, validatedOn: 'split' });
    expect(test!.validatedOn).toBe('test');
  });

  it('sorts by any column either way, missing values last', () => {
    expect(sortRows(rows, 'valAccuracy', true).map((r) => r.runId)).toEqual(['d/small-cnn/quick', 'd/mlp/quick', 'd/mlp/slow']);
    expect(sortRows(rows, 'testAccuracy', true).map((r) => r.runId)).toEqual(['d/small-cnn/quick', 'd/mlp/quick', 'd/mlp/slow']);
    expect(sortRows(rows, 'trainingSeconds', false).map((r) => r.runId)).toEqual(['d/mlp/slow', 'd/small-cnn/quick', 'd/mlp/quick']);
    expect(sortRows(rows, 'parameters', false).map((r) => r.runId)).toEqual(['d/small-cnn/quick', 'd/mlp/quick', 'd/mlp/slow']);
    expect(sortRows(rows, 'parameters', true).map((r) => r.runId)).toEqual(['d/mlp/quick', 'd/small-cnn/quick', 'd/mlp/slow']);
  });

  it('builds the model × hyperparameter grid, empty where no run finished', () => {
    const grid = accuracyGrid(rows);
    expect(grid.models.map((m) => m.id)).toEqual(['mlp', 'small-cnn']);
    expect(grid.hparams.map((h) => h.id)).toEqual(['quick', 'slow']);
    expect(grid.cells).toEqual([[0.91, 0.8], [0.95, null]]);
  });
});
