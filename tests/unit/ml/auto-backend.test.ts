import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { BackendName } from '../../../src/core/backend-name';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../../src/core/zoo';
import { AutoBackend, type BackendStatus, type RememberedChoices, type RunWorkload } from '../../../src/ml/auto-backend';
import { chooseBackend } from '../../../src/ml/backend';
import { timeTrainingSteps } from '../../../src/ml/backend-probe';
import { surveyBackends, type Survey } from '../../../src/ml/backend-survey';
import { PROBE_BUDGET } from '../../../src/core/probe-plan';
import type { RememberedChoice } from '../../../src/storage/backend-choices';
import { useWebGpu } from '../../support/webgpu-node';

const quick = BUILT_IN_HPARAMS.find((h) => h.id === 'quick')!;
const layersOf = (id: string) => BUILT_IN_MODELS.find((m) => m.id === id)!.layers;
const mlp: RunWorkload = { runId: 'r1', model: 'MLP', layers: layersOf('mlp'), shape: [28, 28, 1], classes: 10, hparams: quick, trainCount: 1_600 };
const device = { userAgent: 'node', cores: 2, isolated: false };

function memoryChoices(): RememberedChoices & { saved: Map<string, RememberedChoice> } {
  const saved = new Map<string, RememberedChoice>();
  return {
    saved,
    get: async (d, s) => saved.get(`${d}/${s}`),
    put: async (d, s, c) => void saved.set(`${d}/${s}`, structuredClone(c)),
    delete: async (d, s) => void saved.delete(`${d}/${s}`),
  };
}

const cpuAndWasm: Survey = {
  available: [{ name: 'wasm', label: 'WASM' }, { name: 'cpu', label: 'CPU' }],
  notes: ['WebGPU: this browser has no WebGPU (navigator.gpu is missing).'],
};

function auto(survey: () => Promise<Survey>, remembered = memoryChoices(), start = (name: BackendName) => chooseBackend({ order: [name] })) {
  return new AutoBackend({ start, remembered, device, survey });
}

describe('timing training steps of a run\'s own model', () => {
  it('times real steps on the active backend and leaves no tensor behind', async () => {
    await chooseBackend({ order: ['wasm'] }); // with our gradient kernels, as the worker starts it
    const before = tf.memory().numTensors;
    const result = await timeTrainingSteps({ layers: layersOf('small-cnn'), shape: [28, 28, 1], classes: 10, hparams: quick }, { budget: PROBE_BUDGET, batchSize: 8 });
    expect(result.kind).toBe('timed');
    expect(result.kind === 'timed' && result.samplesPerSecond).toBeGreaterThan(0);
    expect(result.kind === 'timed' && result.steps).toBeGreaterThanOrEqual(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lets a model that cannot be built fail with its own reason (the run shows it)', async () => {
    await tf.setBackend('cpu');
    const tooBig = [{ type: 'conv2d' as const, filters: 4, kernelSize: 40 }, { type: 'flatten' as const }, { type: 'dense' as const, units: 'classes' as const, activation: 'softmax' as const }];
    await expect(timeTrainingSteps({ layers: tooBig, shape: [28, 28, 1], classes: 10, hparams: quick }, { budget: PROBE_BUDGET, batchSize: 4 })).rejects.toThrow(/smaller than the kernel/);
  });
});

describe('Automatic', () => {
  it('measures WASM, keeps plain JS as a last resort, chooses WASM and says so with the numbers', async () => {
    const statuses: BackendStatus[] = [];
    const choice = await auto(async () => cpuAndWasm).forRun(mlp, (s) => statuses.push(s));
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.measurements?.map((m) => `${m.name}:${m.result.kind}`)).toEqual(['wasm:timed', 'cpu:not-timed']);
    expect(choice.reason).toMatch(/^Automatic chose WASM \(.*\) for MLP at batch 32: WASM was the fastest\. Measured: WASM: [\d,]+ samples\/s · CPU: not timed/);
    expect(choice.reason).toContain('WebGPU: this browser has no WebGPU');
    expect(statuses.map((s) => s.phase)).toEqual(['measuring', 'chosen']);
    expect(statuses[0]).toMatchObject({ phase: 'measuring', model: 'MLP', timing: 'WASM', done: [] });
  });

  it('remembers the choice per model and device: the same model is not measured again, another batch size is', async () => {
    const remembered = memoryChoices();
    const started: BackendName[] = [];
    const first = auto(async () => cpuAndWasm, remembered, (name) => (started.push(name), chooseBackend({ order: [name] })));
    await first.forRun(mlp);
    expect(remembered.saved.size).toBe(1);

    const statuses: BackendStatus[] = [];
    const again = await auto(async () => cpuAndWasm, remembered).forRun({ ...mlp, runId: 'r2' }, (s) => statuses.push(s));
    expect(statuses.map((s) => s.phase)).toEqual(['chosen']);
    expect(again.name).toBe('wasm');
    expect(again.reason).toMatch(/measured \d{4}-\d\d-\d\d and remembered for this model on this device/);

    const bigger = memoryChoices();
    bigger.saved = remembered.saved;
    const phases: string[] = [];
    await auto(async () => cpuAndWasm, remembered).forRun({ ...mlp, hparams: { ...quick, batchSize: 64 } }, (s) => phases.push(s.phase));
    expect(phases).toEqual(['measuring', 'chosen']);
    expect(remembered.saved.size).toBe(2);
  });

  it('forgets a choice its run failed on, so the next run of that model measures again', async () => {
    const remembered = memoryChoices();
    const backends = auto(async () => cpuAndWasm, remembered);
    await backends.forRun(mlp);
    await backends.forRun({ ...mlp, hparams: { ...quick, batchSize: 64 } });
    expect(remembered.saved.size).toBe(2);
    await backends.forget(mlp);
    expect(remembered.saved.size).toBe(1);
    const phases: string[] = [];
    await backends.forRun({ ...mlp, runId: 'r3' }, (s) => phases.push(s.phase));
    expect(phases).toEqual(['measuring', 'chosen']);
  });

  it('a backend that fails to start loses, and the run goes on with one that works', async () => {
    const survey: Survey = { available: [{ name: 'wasm', label: 'WASM' }, { name: 'webgl', label: 'WebGL' }, { name: 'cpu', label: 'CPU' }], notes: [] };
    const start = (name: BackendName) => (name === 'webgl' ? Promise.reject(new Error('context lost')) : chooseBackend({ order: [name] }));
    const choice = await auto(async () => survey, memoryChoices(), start).forRun(mlp);
    expect(choice.name).toBe('wasm');
    expect(choice.measurements?.find((m) => m.name === 'webgl')?.result).toEqual({ kind: 'failed', why: 'context lost' });
  });

  it('before any run, expects WASM to win over a software adapter, and says what it will time', async () => {
    const survey: Survey = { available: [{ name: 'webgpu', label: 'WebGPU (SwiftShader)', software: 'SwiftShader' }, { name: 'wasm', label: 'WASM' }, { name: 'cpu', label: 'CPU' }], notes: [] };
    const choice = await auto(async () => survey).initial();
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toContain('timed on WebGPU (SwiftShader) and WASM');
    expect(choice.reason).toContain('Until then, WASM is expected to be fastest.');
  });
});

describe('Automatic with WebGPU on a software adapter (Dawn on SwiftShader)', async () => {
  const unavailable = await useWebGpu();

  it.skipIf(unavailable)('sees SwiftShader in the adapter info and counts it as CPU', async () => {
    const survey = await surveyBackends();
    expect(survey.available.find((b) => b.name === 'webgpu')).toMatchObject({ software: 'SwiftShader', label: 'WebGPU (SwiftShader)' });
  });

  it.skipIf(unavailable)('does not time it for a short run, and within its budget bounds it for a long one; WASM wins both', async () => {
    const survey = surveyBackends();
    const short = await auto(() => survey).forRun(mlp);
    expect(short.name).toBe('wasm');
    expect(short.measurements?.find((m) => m.name === 'webgpu')?.result).toMatchObject({ kind: 'not-timed', why: expect.stringMatching(/^software adapter; the whole run takes about [\d.]+ s on WASM$/) });

    const long = await auto(() => survey).forRun({ ...mlp, trainCount: 1_000_000 });
    expect(long.name).toBe('wasm');
    // Bounded from batch 1 (far below WASM), or over its budget while compiling: either way it did not fail or win.
    const software = long.measurements?.find((m) => m.name === 'webgpu')?.result;
    expect(['at-most', 'not-timed']).toContain(software?.kind);
    if (software?.kind === 'not-timed') expect(software.why).toMatch(/^its first step took over [\d.]+ s/);
  });
});
