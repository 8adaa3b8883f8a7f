import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { planDepthwise } from '../../../../src/core/gpu-tiling';
import { registerWebGpuKernels } from '../../../../src/ml/kernels/webgpu/register';
import { expectCloseRelativeToMax, runKernelOn, values } from '../../../support/kernel-compare';
import { useWebGpu } from '../../../support/webgpu-node';

type Pad = 'same' | 'valid' | number;
/** f is [fh, fw, channels, multiplier]. */
type Case = { name: string; x: [number, number, number, number]; f: [number, number, number, number]; strides: number; pad: Pad };

const CASES: Case[] = [
  { name: '3×3 same, stride 1, multiplier 1, 3 channels', x: [2, 8, 8, 3], f: [3, 3, 3, 1], strides: 1, pad: 'same' },
  { name: '3×3 same, stride 2, multiplier 2, 4 channels', x: [2, 9, 9, 4], f: [3, 3, 4, 2], strides: 2, pad: 'same' },
  { name: '3×3 valid, stride 2, batch 1, odd 7×5 image, 1 channel, multiplier 1', x: [1, 7, 5, 1], f: [3, 3, 1, 1], strides: 2, pad: 'valid' },
  { name: '3×3 valid, stride 1, multiplier 2, 3 channels (6 outputs, not a multiple of 4)', x: [2, 7, 6, 3], f: [3, 3, 3, 2], strides: 1, pad: 'valid' },
  { name: 'explicit pad 1, stride 2, multiplier 1, 8 channels (vec4 loads)', x: [2, 9, 7, 8], f: [3, 3, 8, 1], strides: 2, pad: 1 },
  { name: '5×5 same, multiplier 4 (one input channel per 4 outputs), more taps than one workgroup holds', x: [1, 6, 6, 2], f: [5, 5, 2, 4], strides: 1, pad: 'same' },
  { name: "separable-cnn's first depthwise layer at batch 4 (14×14×16, split-K)", x: [4, 14, 14, 16], f: [3, 3, 16, 1], strides: 1, pad: 'same' },
  { name: "separable-cnn's second depthwise layer at batch 16 (14×14×32, stride 2, split-K)", x: [16, 14, 14, 32], f: [3, 3, 32, 1], strides: 2, pad: 'same' },
];

function kernelInputs(c: Case) {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.f, c.strides, 1, c.pad, undefined, true);
  return {
    inputs: { x: { shape: c.x, data: values(c.x, 3) }, dy: { shape: info.outShape, data: values(info.outShape, 4) } },
    attrs: { strides: c.strides, pad: c.pad, dilations: 1, filterShape: c.f } as unknown as tf.NamedAttrMap,
    plan: planDepthwise(c.f[0] * c.f[1], c.f[2] * c.f[3], info.batchSize * info.outHeight * info.outWidth),
  };
}

describe('WebGPU DepthwiseConv2dNativeBackpropFilter (split-K) against the CPU backend', () => {
  beforeAll(async () => {
    expect(await useWebGpu()).toBeUndefined();
    registerWebGpuKernels('fast');
  });

  it('the cases cover one K-slice, the split-K reduction and several tap groups', () => {
    const plans = CASES.map((c) => kernelInputs(c).plan);
    expect(plans.some((p) => p.splits === 1)).toBe(true);
    expect(plans.filter((p) => p.splits > 1).length).toBeGreaterThanOrEqual(2);
    expect(plans.some((p) => p.tapGroups > 1)).toBe(true);
  });

  for (const c of CASES) {
    it(`agrees within 1e-4 of the largest gradient: ${c.name}`, async () => {
      const { inputs, attrs } = kernelInputs(c);
      const cpu = await runKernelOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);
      const gpu = await runKernelOn('webgpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);
      expect(gpu.shape).toEqual(c.f);
      expectCloseRelativeToMax(gpu.data, cpu.data, 1e-4);
    });
  }
});
