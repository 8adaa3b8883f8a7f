import { describe, expect, it } from 'vitest';
import { windowRates } from '../../../../scripts/bench-gpu/throughput';

describe('GPU bench throughput windows', () => {
  it('times only the windows after the warm-up one, and counts host time as wall time minus read waits', () => {
    // started at 0; the warm-up window (10 steps, shader compilation) ends at 5 s; two more windows of 10 steps
    const marks = [
      { t: 5_000, step: 10, waited: 100, loss: 2.3 },
      { t: 6_000, step: 20, waited: 700, loss: 2.1 },
      { t: 7_000, step: 30, waited: 1_300, loss: 1.9 },
    ];
    const r = windowRates(marks, 64, 0);
    expect(r).toMatchObject({ steps: 20, seconds: 2, stepMs: 100, warmupOnly: false });
    expect(r.samplesPerSec).toBeCloseTo((20 * 64) / 2, 9);
    expect(r.readWaitMsPerStep).toBeCloseTo(60, 9);
    expect(r.hostMsPerStep).toBeCloseTo(40, 9);
  });

  it('falls back to the warm-up window, flagged, when no other window finished in time', () => {
    const r = windowRates([{ t: 4_000, step: 10, waited: 1_000, loss: 2.3 }], 8, 2_000);
    expect(r).toMatchObject({ steps: 10, seconds: 2, hostMsPerStep: 100, warmupOnly: true });
    expect(windowRates([], 8, 0)).toEqual({ warmupOnly: true });
  });
});
