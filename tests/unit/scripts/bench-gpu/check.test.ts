import { describe, expect, it } from 'vitest';
import { checkShape, compareGradients, compareRuns, type CheckRun, type GradientRun } from '../../../../scripts/bench-gpu/check';

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

  it('reports a run that agrees for the first steps and drifts a little later as drifted, and one that drifts early or far as failed', () => {
    const steps = (n: number, at: (i: number) => number) => Array.from({ length: n }, (_, i) => at(i));
    const ref = steps(30, (i) => 2.3 - i * 0.03);
    const late = compareRuns('v', { steps: 30, batch: 4 }, 1e-4, run(steps(30, (i) => (ref[i] as number) + (i >= 20 ? 3.7e-3 : 1e-6))), run(ref));
    expect(late).toMatchObject({ ok: true, verdict: 'drifted', firstStepBeyondTolerance: 20 });
    const early = compareRuns('v', { steps: 30, batch: 4 }, 1e-4, run(steps(30, (i) => (ref[i] as number) + (i >= 5 ? 1e-3 : 0))), run(ref));
    expect(early).toMatchObject({ ok: false, verdict: 'failed', firstStepBeyondTolerance: 5 });
    const far = compareRuns('v', { steps: 30, batch: 4 }, 1e-4, run(steps(30, (i) => (ref[i] as number) + (i >= 20 ? 0.05 : 0))), run(ref));
    expect(far).toMatchObject({ ok: false, verdict: 'failed' });
    expect(compareRuns('v', { steps: 30, batch: 4 }, 1e-4, run(ref), run(ref))).toMatchObject({ ok: true, verdict: 'ok', firstStepBeyondTolerance: null });
  });

  it('compares gradients relative to each weight\'s largest CPU gradient, and fails on a wrong one, a missing one or an error', () => {
    const grads = (loss: number, ...w: number[][]): GradientRun => ({ batch: 4, loss, grads: w.map((v) => ({ shape: [v.length], data: Float32Array.from(v) })) });
    const cpu = grads(2.3, [1, -2, 0.5], [1e-3, 0]);
    const close = compareGradients('all', 4, 1e-4, grads(2.3, [1, -2.0001, 0.5], [1e-3, 5e-8]), cpu);
    expect(close.ok).toBe(true);
    expect(close.perWeight[0]).toBeCloseTo(5e-5, 6);
    expect(close.perWeight[1]).toBeCloseTo(5e-5, 6);
    // a small weight's gradient is judged against its own scale, not against the largest gradient of the model
    expect(compareGradients('all', 4, 1e-4, grads(2.3, [1, -2, 0.5], [1.1e-3, 0]), cpu)).toMatchObject({ ok: false });
    expect(compareGradients('all', 4, 1e-4, grads(2.31, [1, -2, 0.5], [1e-3, 0]), cpu)).toMatchObject({ ok: false });
    expect(compareGradients('all', 4, 1e-4, grads(2.3, [1, -2, 0.5]), cpu)).toMatchObject({ ok: false });
    expect(compareGradients('all', 4, 1e-4, grads(2.3, [1, Number.NaN, 0.5], [1e-3, 0]), cpu)).toMatchObject({ ok: false });
    expect(compareGradients('all', 4, 1e-4, undefined, cpu, 'device lost')).toMatchObject({ ok: false, error: 'device lost' });
  });

  it('cycles at most 10 distinct batches, so 30 steps are 3 epochs of 10', () => {
    expect(checkShape(30)).toEqual({ batches: 10, epochs: 3 });
    expect(checkShape(3)).toEqual({ batches: 3, epochs: 1 });
  });
});
