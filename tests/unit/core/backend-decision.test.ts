import { describe, expect, it } from 'vitest';
import { decideBackend, describeMeasurements, type BackendMeasurement, type ProbeResult } from '../../../src/core/backend-decision';
import type { BackendName } from '../../../src/core/backend-name';
import { explainChoice, explainPlan } from '../../../src/core/backend-reason';

const timed = (samplesPerSecond: number, approximate = false): ProbeResult => ({ kind: 'timed', samplesPerSecond, steps: 5, approximate });
const m = (name: BackendName, result: ProbeResult, software?: string): BackendMeasurement => ({
  name, result, software: !!software, label: software ? `${name} (${software})` : name,
});

describe('deciding the backend from measurements', () => {
  it('takes the fastest timed backend', () => {
    expect(decideBackend([m('wasm', timed(900)), m('webgpu', timed(5_000)), m('webgl', timed(2_000))])?.name).toBe('webgpu');
    expect(decideBackend([m('wasm', timed(5_400)), m('webgpu', timed(190)), m('webgl', timed(620))])?.name).toBe('wasm');
  });

  it('counts a software GPU as CPU: it loses a tie to WASM and wins only when clearly faster', () => {
    expect(decideBackend([m('wasm', timed(1_000)), m('webgpu', timed(1_080), 'SwiftShader')])?.name).toBe('wasm');
    expect(decideBackend([m('wasm', timed(1_000)), m('webgpu', timed(1_500), 'SwiftShader')])?.name).toBe('webgpu');
  });

  it('breaks a tie within 10 % towards WASM, then real GPUs, and says so', () => {
    const d = decideBackend([m('webgpu', timed(1_050)), m('wasm', timed(1_000)), m('webgl', timed(1_040))]);
    expect(d?.name).toBe('wasm');
    expect(d?.why).toBe('wasm was within 5 % of webgpu, the fastest, and is preferred in a tie.');
    expect(decideBackend([m('webgl', timed(1_000)), m('webgpu', timed(1_000))])?.name).toBe('webgpu');
    expect(decideBackend([m('cpu', timed(1_000)), m('webgl', timed(1_000))])?.name).toBe('webgl');
  });

  it('never picks below 1/1.1 of the best: just outside the tie margin the faster one wins', () => {
    expect(decideBackend([m('wasm', timed(1_000)), m('webgpu', timed(1_101))])?.name).toBe('webgpu');
  });

  it('a failed, over-budget or bounded probe loses, however fast the others', () => {
    const d = decideBackend([
      m('webgpu', { kind: 'failed', why: 'device lost' }),
      m('webgl', { kind: 'not-timed', why: 'its first step took over 10 s' }),
      m('wasm', timed(12)),
      m('cpu', { kind: 'at-most', samplesPerSecond: 5_000, batchSize: 1 }),
    ]);
    expect(d?.name).toBe('wasm');
    expect(d?.why).toBe('wasm was the fastest.');
  });

  it('with nothing timed, takes a backend that started (a real one before a software adapter); with nothing started, none', () => {
    expect(decideBackend([m('webgpu', { kind: 'not-timed', why: 'software adapter' }, 'SwiftShader'), m('wasm', { kind: 'failed', why: 'x' }), m('cpu', { kind: 'not-timed', why: 'y' })])?.name).toBe('cpu');
    expect(decideBackend([m('wasm', { kind: 'failed', why: 'x' })])).toBeUndefined();
    expect(decideBackend([])).toBeUndefined();
  });

  it('describes each measurement with its unit, and says when a number is approximate, a bound or missing', () => {
    expect(describeMeasurements([
      { name: 'wasm', software: false, label: 'WASM', result: timed(5_400.4) },
      { name: 'webgpu', software: true, label: 'WebGPU (SwiftShader)', result: timed(190, true) },
      { name: 'webgl', software: true, label: 'WebGL (SwiftShader)', result: { kind: 'at-most', samplesPerSecond: 620, batchSize: 1 } },
      { name: 'cpu', software: false, label: 'CPU', result: { kind: 'not-timed', why: 'the last resort' } },
    ])).toBe('WASM: 5,400 samples/s · WebGPU (SwiftShader): ≈ 190 samples/s · WebGL (SwiftShader): at most 620 samples/s (a batch of 1 alone took that long) · CPU: not timed (the last resort)');
  });
});

describe('the reason shown on the backend badge', () => {
  it('names the model, batch, numbers, the software adapters and when the choice was remembered', () => {
    const text = explainChoice({
      chosen: 'WASM (1 thread, SIMD)', why: 'WASM was the fastest.', model: 'MLP', batchSize: 32, rememberedFrom: Date.UTC(2026, 10, 28), notes: [],
      measurements: [
        { name: 'wasm', software: false, label: 'WASM', result: timed(2_000) },
        { name: 'webgpu', software: true, label: 'WebGPU (SwiftShader)', result: { kind: 'not-timed', why: 'software adapter' } },
      ],
    });
    expect(text).toBe(
      'Automatic chose WASM (1 thread, SIMD) for MLP at batch 32 (measured 2026-11-28 and remembered for this model on this device): WASM was the fastest. '
      + 'Measured: WASM: 2,000 samples/s · WebGPU (SwiftShader): not timed (software adapter). '
      + 'WebGPU (SwiftShader) runs on a software adapter (a GPU emulated on the CPU), so it counts as CPU: timed only briefly, after the others, and preferred last.',
    );
  });

  it('before any run, says what will be timed and which backend is expected to win', () => {
    expect(explainPlan('WASM', ['WebGPU (SwiftShader)', 'WebGL (SwiftShader)', 'WASM'], ['WebGPU (SwiftShader)', 'WebGL (SwiftShader)'], ['CPU: x.']))
      .toBe('Automatic: before a model\'s first run, a few of its training steps are timed on WebGPU (SwiftShader), WebGL (SwiftShader) and WASM, '
        + 'and the fastest is remembered for that model on this device. WebGPU (SwiftShader) and WebGL (SwiftShader) run on software adapters '
        + '(GPUs emulated on the CPU), so they count as CPU: timed only briefly, after the others, and preferred last. Until then, WASM is expected to be fastest. CPU: x.');
  });
});
