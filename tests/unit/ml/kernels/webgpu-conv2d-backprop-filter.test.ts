import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { planGemm } from '../../../../src/core/gpu-tiling';
import { registerWebGpuKernels } from '../../../../src/ml/kernels/webgpu/register';
import { expectCloseRelativeToMax, runKernelOn, values } from '../../../support/kernel-compare';
import { useWebGpu } from '../../../support/webgpu-node';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type Case = { name: string; x: [number, number, number, number]; f: [number, number, number, number]; strides: number | [number, number]; pad: Pad };

const CASES: Case[] = [
  { name: '3×3 same, stride 1, 3 input channels, 5 filters', x: [2, 9, 9, 3], f: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { name: '3×3 valid, stride 1, batch 1, odd 7×5 image, 1 input channel', x: [1, 7, 5, 1], f: [3, 3, 1, 4], strides: 1, pad: 'valid' },
  { name: '3×3 same, stride 2, 4 channels in (vec4 loads), 8 out', x: [3, 9, 10, 4], f: [3, 3, 4, 8], strides: 2, pad: 'same' },
  { name: '3×3 valid, stride 2, 6 channels in and out (not a multiple of 4)', x: [2, 8, 7, 6], f: [3, 3, 6, 6], strides: 2, pad: 'valid' },
  { name: 'explicit pad 1, stride 2, 3 channels in', x: [2, 7, 5, 3], f: [3, 3, 3, 4], strides: 2, pad: 1 },
  { name: 'explicit uneven pads, 5×3 filter, strides 2×1', x: [2, 9, 6, 2], f: [5, 3, 2, 3], strides: [2, 1], pad: [[0, 0], [2, 1], [1, 0], [0, 0]] },
  { name: '1×1 valid (a pointwise convolution), 16 → 32 channels', x: [2, 8, 8, 16], f: [1, 1, 16, 32], strides: 1, pad: 'valid' },
  { name: "cnn_model's first layer at batch 4 (28×28×1 → 32, split-K)", x: [4, 28, 28, 1], f: [3, 3, 1, 32], strides: 1, pad: 'same' },
  { name: "cnn_model's second layer at batch 4 (32 → 32 valid, split-K)", x: [4, 28, 28, 32], f: [3, 3, 32, 32], strides: 1, pad: 'valid' },
  { name: "cnn_model's third layer at batch 2 (13×13×32 → 64 same, split-K)", x: [2, 13, 13, 32], f: [3, 3, 32, 64], strides: 1, pad: 'same' },
];

function kernelInputs(c: Case) {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.f, c.strides, 1, c.pad);
  return {
    inputs: { x: { shape: c.x, data: values(c.x, 1) }, dy: { shape: info.outShape, data: values(info.outShape, 2) } },
    attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f } as unknown as tf.NamedAttrMap,
    gemm: planGemm(c.f[0] * c.f[1] * c.f[2], c.f[3], info.batchSize * info.outHeight * info.outWidth),
  };
}

describe('WebGPU Conv2DBackpropFilter (tiled split-K GEMM) against the CPU backend', () => {
  beforeAll(async () => {
    expect(await useWebGpu()).toBeUndefined();
    registerWebGpuKernels('fast');
  });

  it('the cases cover both a single K-slice and the split-K reduction', () => {
    const splits = CASES.map((c) => kernelInputs(c).gemm.splits);
    expect(splits.some((s) => s === 1)).toBe(true);
    expect(splits.filter((s) => s > 1).length).toBeGreaterThanOrEqual(3);
  });

  for (const c of CASES) {
    it(`agrees within 1e-4 of the largest gradient: ${c.name}`, async () => {
      const { inputs, attrs } = kernelInputs(c);
      const cpu = await runKernelOn('cpu', 'Conv2DBackpropFilter', inputs, attrs);
      const gpu = await runKernelOn('webgpu', 'Conv2DBackpropFilter', inputs, attrs);
      expect(gpu.shape).toEqual(c.f);
      expectCloseRelativeToMax(gpu.data, cpu.data, 1e-4);
    });
  }
});
