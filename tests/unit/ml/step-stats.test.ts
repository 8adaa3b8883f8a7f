import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { concatImageSets } from '../../../src/ml/image-set';
import { measureSteps } from '../../../src/ml/step-stats';
import { loadDigits } from '../../support/digits';
import { useWebGpu } from '../../support/webgpu-node';

const unavailable = await useWebGpu();
const digits = loadDigits(5);
const set = concatImageSets([28, 28, 1], digits.map((d) => ({ count: 1, pixels: d.pixels, labels: Uint16Array.of(d.label) })));
const OFF = { fusedOptimizer: false, dataOnDevice: false, deviceMetrics: false, fusedActivations: false, fusedLoss: false, deviceDropout: false };

describe('measureSteps', () => {
  it('counts tfjs kernels per step and times the host on the CPU backend', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const stats = await measureSteps({ modelId: 'mlp', batchSize: 16, set, classes: 10, steps: 3 });
    expect(stats).toMatchObject({ backend: 'cpu', modelId: 'mlp', batchSize: 16, steps: 3, kernelsCounted: 'tfjs kernels', readsPerStep: 0 });
    expect(stats.kernelsPerStep).toBeGreaterThan(20);
    expect(stats.hostMsPerStep).toBeGreaterThan(0);
    expect(stats.samplesPerSecond).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.skipIf(unavailable)('shows the speed-ups on WebGPU: a fifth of the dispatches and almost no uploads per MLP step', async () => {
    await tf.setBackend('webgpu');
    const off = await measureSteps({ modelId: 'mlp', batchSize: 16, set, classes: 10, steps: 3, ...OFF });
    const on = await measureSteps({ modelId: 'mlp', batchSize: 16, set, classes: 10, steps: 3 });
    expect(off.kernelsCounted).toBe('gpu dispatches');
    expect(on.kernelsPerStep).toBeLessThan(off.kernelsPerStep / 5);
    expect(off.uploadsPerStep).toBeGreaterThan(30);
    expect(on.uploadsPerStep).toBeLessThanOrEqual(2);
  });
});
