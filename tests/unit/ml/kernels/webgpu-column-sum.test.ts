import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWebGpuKernels } from '../../../../src/ml/kernels/webgpu/register';
import { expectCloseRelativeToMax, programsRun, runKernelOn, values } from '../../../support/kernel-compare';
import { useWebGpu } from '../../../support/webgpu-node';

type Case = { name: string; shape: number[]; axis: number | number[] | null; keepDims?: boolean; ours: boolean };

const CASES: Case[] = [
  { name: "cnn_model's first bias gradient at batch 4 ([4, 28, 28, 32] over n, h, w; split)", shape: [4, 28, 28, 32], axis: [0, 1, 2], ours: true },
  { name: '6 channels (not a multiple of 4), odd 15×13, keepDims', shape: [2, 15, 13, 6], axis: [0, 1, 2], keepDims: true, ours: true },
  { name: 'negative axes, 8 channels', shape: [8, 9, 9, 8], axis: [-4, -3, -2], ours: true },
  { name: "a dense layer's bias gradient ([300, 10] over axis 0)", shape: [300, 10], axis: 0, ours: true },
  { name: 'not the leading axes: tfjs’s kernel', shape: [4, 16, 16, 8], axis: [1, 2], ours: false },
  { name: 'every axis: tfjs’s kernel', shape: [4, 16, 16, 8], axis: null, ours: false },
  { name: 'few rows ([16, 10] over axis 0): tfjs’s kernel', shape: [16, 10], axis: 0, ours: false },
];

describe('WebGPU Sum over leading axes (bias gradients) against the CPU backend', () => {
  beforeAll(async () => {
    expect(await useWebGpu()).toBeUndefined();
    registerWebGpuKernels('fast');
  });

  for (const c of CASES) {
    it(`agrees within 1e-4 of the largest sum and runs ${c.ours ? 'our column sum' : 'tfjs’s reduction'}: ${c.name}`, async () => {
      const inputs = { x: { shape: c.shape, data: values(c.shape, 5) } };
      const attrs = { axis: c.axis, keepDims: c.keepDims ?? false } as unknown as tf.NamedAttrMap;
      const cpu = await runKernelOn('cpu', 'Sum', inputs, attrs);
      const gpu = await runKernelOn('webgpu', 'Sum', inputs, attrs);
      expect(gpu.shape).toEqual(cpu.shape);
      expectCloseRelativeToMax(gpu.data, cpu.data, 1e-4);
      const x = tf.tensor(inputs.x.data, c.shape);
      const programs = await programsRun('Sum', () => tf.engine().runKernel('Sum', { x }, attrs) as tf.Tensor);
      x.dispose();
      expect(programs.includes('ColumnSumProgram')).toBe(c.ours);
    });
  }
});
