// Training the depthwise-separable zoo net on WebGPU with our kernels (Dawn on SwiftShader) against the plain-JS CPU
// backend step by step, and an epoch on WebGPU leaving nothing behind.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import { buildModel } from '../../../src/ml/build-model';
import { registerWebGpuKernels } from '../../../src/ml/kernels/webgpu/register';
import { train } from '../../../src/ml/train';
import { loadDigits } from '../../support/digits';
import { layersOf, maxWeightDiff, toSet, trainSteps } from '../../support/train-compare';
import { useWebGpu } from '../../support/webgpu-node';

const STEPS = 30;
const BATCH = 4;
const hparams: HParams = { id: 't', name: 'T', priority: 0, enabled: true, epochs: 1, batchSize: BATCH, optimizer: 'adam', learningRate: 0.001, seed: 5 };

describe('training separable-cnn on WebGPU with our kernels', () => {
  const digits = loadDigits(13);
  const set = toSet([28, 28, 1], digits.slice(0, STEPS * BATCH));
  const validation = toSet([28, 28, 1], digits.slice(STEPS * BATCH, STEPS * BATCH + 4));

  beforeAll(async () => {
    expect(await useWebGpu()).toBeUndefined();
    registerWebGpuKernels('fast');
  });

  it(`${STEPS} steps of batch ${BATCH} on real digits give every step's loss within 1e-4 of the CPU backend's`, { timeout: 300_000 }, async () => {
    const cpu = await trainSteps('cpu', 'separable-cnn', [28, 28, 1], hparams, set, validation);
    const gpu = await trainSteps('webgpu', 'separable-cnn', [28, 28, 1], hparams, set, validation, cpu.initial);
    expect(gpu.initial).toEqual(cpu.initial);
    expect(gpu.losses).toHaveLength(STEPS);
    const diffs = gpu.losses.map((l, i) => Math.abs(l - (cpu.losses[i] as number)));
    expect(Math.max(...diffs), `per-step differences ${diffs.map((d) => d.toExponential(1)).join(' ')}`).toBeLessThanOrEqual(1e-4);
    expect(maxWeightDiff(gpu.final, cpu.final) * 20).toBeLessThan(maxWeightDiff(cpu.final, cpu.initial));
  });

  it('an epoch leaves no tensor and no GPU memory behind (3 epochs, counts after epochs 2 and 3)', { timeout: 300_000 }, async () => {
    await tf.setBackend('webgpu');
    const model = buildModel(layersOf('separable-cnn'), [28, 28, 1], 10, 7);
    const after: { tensors: number; bytes: number }[] = [];
    await train({
      model, hparams: { ...hparams, epochs: 3 }, classes: 10, train: toSet([28, 28, 1], digits.slice(0, 16)), validation,
      onEpoch: () => void after.push({ tensors: tf.memory().numTensors, bytes: (tf.memory() as { numBytesInGPU?: number }).numBytesInGPU ?? -1 }),
    });
    model.dispose();
    expect(after).toHaveLength(3);
    expect(after[2]).toEqual(after[1]);
    expect(after[1]!.bytes).toBeGreaterThan(0);
  });
});
