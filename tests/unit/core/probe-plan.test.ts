import { describe, expect, it } from 'vitest';
import { afterStep, PROBE_BUDGET, probeOrder, rateOfSteps, softwareProbeMs } from '../../../src/core/probe-plan';

describe('the measuring plan', () => {
  it('times WASM first, then real GPUs, plain JS as a last resort, software adapters last', () => {
    const order = probeOrder([
      { name: 'webgpu', software: true }, { name: 'webgl', software: false }, { name: 'wasm', software: false }, { name: 'cpu', software: false },
    ]);
    expect(order.map((c) => `${c.name}:${c.stage}`)).toEqual(['wasm:baseline', 'webgl:gpu', 'cpu:last-resort', 'webgpu:software']);
  });

  it('gives software adapters 5 % of the run, at most 8 s, and nothing when that is under 4 s', () => {
    expect(softwareProbeMs(2)).toBe(0); // the sample's MLP: about 2 s on WASM
    expect(softwareProbeMs(79)).toBe(0);
    expect(softwareProbeMs(100)).toBe(5_000);
    expect(softwareProbeMs(3_600)).toBe(8_000);
    expect(softwareProbeMs(Number.NaN)).toBe(0);
    expect(softwareProbeMs(0)).toBe(0);
  });

  it('times at least two steps and 300 ms, at most ten; one step is enough when it alone took 800 ms', () => {
    expect(afterStep([], 32, PROBE_BUDGET)).toBe('more');
    expect(afterStep([20], 32, PROBE_BUDGET)).toBe('more');
    expect(afterStep([200, 200], 32, PROBE_BUDGET)).toBe('enough');
    expect(afterStep([100, 100], 32, PROBE_BUDGET)).toBe('more');
    expect(afterStep(Array(10).fill(5), 32, PROBE_BUDGET)).toBe('enough');
    expect(afterStep([900], 32, PROBE_BUDGET)).toBe('enough');
  });

  it('stops a backend that already runs three times slower than the best so far', () => {
    // 32 samples in 100 ms = 320 samples/s against a best of 1,000.
    expect(afterStep([100], 32, PROBE_BUDGET, 1_000)).toBe('lost');
    expect(afterStep([100], 32, PROBE_BUDGET, 900)).toBe('more');
  });

  it('turns step times into samples per second', () => {
    expect(rateOfSteps([100, 300], 50)).toBe(250);
    expect(rateOfSteps([], 50)).toBe(0);
  });
});
