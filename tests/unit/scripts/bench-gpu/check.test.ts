import { describe, expect, it } from 'vitest';
import { checkShape, compareRuns, type CheckRun } from '../../../../scripts/bench-gpu/check';

const weights = (...v: number[]) => [{ shape: [v.length], data: Float32Array.from(v) }];
const run = (losses: number[], initial = weights(0, 0), final = weights(0.01, -0.02)): CheckRun => ({ losses, initial, final });
const size = { steps: 3, batch: 4 };

describe('GPU bench correctness check', () => {
  it('passes when every loss is within the tolerance of the CPU reference, from the same initial weights', () => {
    const r = compareRuns('stock', size, 1e-4, run([2.3, 2.2, 2.1]), run([2.3, 2.20005, 2.1], weights(0, 0), weights(0.01, -0.0201)));
    expect(r).toMatchObject({ ok: true, stepsCompared: 3, initialWeightsMaxAbsDiff: 0 });
    expect(r.maxAbsLossDiff).toBeCloseTo(5e-5, 9);
    expect(r.finalWeightsMaxAbsDiff).toBeCloseTo(1e-4, 6);
    expect(r.weightsMaxAbsMoved).toBeCloseTo(0.02, 6);
  });

  it('fails on a loss off by more than the tolerance, on different starting weights, on NaN and on missing steps', () => {
    expect(compareRuns('v', size, 1e-4, run([2.3, 2.2, 2.1]), run([2.3, 2.3, 2.1])).ok).toBe(false);
    expect(compareRuns('v', size, 1e-4, run([2.3, 2.2, 2.1]), run([2.3, 2.2, 2.1], weights(0, 1e-3))).ok).toBe(false);
    expect(compareRuns('v', size, 1e-4, run([2.3, Number.NaN, 2.1]), run([2.3, 2.2, 2.1])).ok).toBe(false);
    const cut = compareRuns('v', size, 1e-4, run([2.3, 2.2, 2.1]), run([2.3]));
    expect(cut).toMatchObject({ ok: false, stepsCompared: 1 });
    expect(compareRuns('v', size, 1e-4, undefined, run([2.3]), 'the reference worker crashed')).toMatchObject({ ok: false, error: 'the reference worker crashed' });
  });

  it('compares the steps both sides made when the budget cut one short, and the final weights only after the same steps', () => {
    const partialRef = { losses: [2.3, 2.2], initial: weights(0, 0) };
    const r = compareRuns('v', size, 1e-4, run([2.3, 2.2]), partialRef, undefined, 'the CPU reference made 2 steps in time');
    expect(r).toMatchObject({ ok: true, plannedSteps: 3, steps: 2, stepsCompared: 2, finalWeightsMaxAbsDiff: null, note: 'the CPU reference made 2 steps in time' });
    expect(compareRuns('v', size, 1e-4, run([2.3, 2.2, 2.1]), partialRef).ok).toBe(false);
  });

  it('cycles at most 10 distinct batches, so 30 steps are 3 epochs of 10', () => {
    expect(checkShape(30)).toEqual({ batches: 10, epochs: 3 });
    expect(checkShape(3)).toEqual({ batches: 3, epochs: 1 });
  });
});
