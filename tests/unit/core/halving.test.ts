import { describe, expect, it } from 'vitest';
import { checkHalving, halvingDecision, rungBudget, survivors } from '../../../src/core/halving';
import { missingRuns, type EpochStats, type RunRecord } from '../../../src/core/run';
import { hp, model } from '../../support/catalog';

const epoch = (valAccuracy: number): EpochStats => ({ epoch: 0, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy, seconds: 1, samplesPerSecond: 1 });

function grid(scores: number[]): RunRecord[] {
  const runs = missingRuns([{ id: 'd' }], scores.map((_, i) => model(`m${i}`, 1)), [hp('h', 1)], new Set(), 0);
  runs.forEach((r, i) => {
    r.rung = 0;
    r.waiting = true;
    r.history = [epoch(scores[i] as number)];
  });
  return runs;
}

describe('successive halving', () => {
  it('doubles the budget each rung, capped at the run\'s epochs', () => {
    const o = { enabled: true, firstEpochs: 2, keep: 0.5 };
    expect([0, 1, 2, 3].map((r) => rungBudget(r, o, 10))).toEqual([2, 4, 8, 10]);
  });

  it('keeps the best share by validation accuracy, rounding up, ties to the earlier run', () => {
    const runs = grid([0.2, 0.9, 0.5, 0.9, 0.1]);
    expect(survivors(runs, 0.5)).toEqual([runs[1]!.id, runs[3]!.id, runs[2]!.id]);
    expect(survivors(runs.slice(0, 1), 0.5)).toEqual([runs[0]!.id]);
  });

  it('decides a rung only when every run of it is waiting, and prunes the rest', () => {
    const runs = grid([0.3, 0.8, 0.6, 0.1]);
    runs[2]!.waiting = false;
    expect(halvingDecision(runs, 0.5)).toBeUndefined();
    runs[2]!.waiting = true;
    expect(halvingDecision(runs, 0.5)).toEqual({ rung: 0, promote: [runs[1]!.id, runs[2]!.id], prune: [runs[0]!.id, runs[3]!.id] });
  });

  it('ignores runs outside halving and finished runs', () => {
    const runs = grid([0.3, 0.8]);
    runs[0]!.status = 'done';
    delete runs[1]!.rung;
    expect(halvingDecision(runs, 0.5)).toBeUndefined();
  });

  it('rejects options that cannot work, in words', () => {
    expect(checkHalving({ enabled: true, firstEpochs: 0, keep: 1 })).toEqual([
      'first epochs must be a whole number, 1 or more',
      'the share kept must be between 0 and 1 (for example 0.5)',
    ]);
  });
});
