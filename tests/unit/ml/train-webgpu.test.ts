// Training cnn_model on WebGPU with our kernels (Dawn on SwiftShader) against the plain-JS CPU backend: the same
// initial weights, batches and dropout masks must give the same loss at every one of 30 steps.
import { beforeAll, describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import { registerWebGpuKernels } from '../../../src/ml/kernels/webgpu/register';
import { loadDigits } from '../../support/digits';
import { maxWeightDiff, shrinkTo10, toSet, trainSteps } from '../../support/train-compare';
import { useWebGpu } from '../../support/webgpu-node';

const STEPS = 30;
// (The split-K path is covered by the kernel tests and by separable-cnn training, test file beside this one.)
const BATCH = 2;
const hparams: HParams = { id: 't', name: 'T', priority: 0, enabled: true, epochs: 1, batchSize: BATCH, optimizer: 'adam', learningRate: 0.001, seed: 5 };

describe('training cnn_model on WebGPU with our kernels, against the CPU backend', () => {
  beforeAll(async () => {
    expect(await useWebGpu()).toBeUndefined();
    registerWebGpuKernels('fast');
  });

  it(`${STEPS} steps of batch ${BATCH} on real digits (shrunk to 10×10) give every step's loss within 1e-4 of the CPU's`, { timeout: 300_000 }, async () => {
    const digits = loadDigits(10);
    const set = toSet([10, 10, 1], digits.slice(0, STEPS * BATCH), shrinkTo10);
    const validation = toSet([10, 10, 1], digits.slice(STEPS * BATCH, STEPS * BATCH + 3), shrinkTo10);
    const cpu = await trainSteps('cpu', 'cnn_model', [10, 10, 1], hparams, set, validation);
    const gpu = await trainSteps('webgpu', 'cnn_model', [10, 10, 1], hparams, set, validation, cpu.initial);
    expect(gpu.initial).toEqual(cpu.initial);
    expect(gpu.losses).toHaveLength(STEPS);
    const diffs = gpu.losses.map((l, i) => Math.abs(l - (cpu.losses[i] as number)));
    expect(Math.max(...diffs), `per-step differences ${diffs.map((d) => d.toExponential(1)).join(' ')}`).toBeLessThanOrEqual(1e-4);
    // The weights moved far more than the two backends disagree on them, so the agreement means something.
    expect(maxWeightDiff(gpu.final, cpu.final) * 20).toBeLessThan(maxWeightDiff(cpu.final, cpu.initial));
  });
});
