import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWebGpuKernels } from '../../../../src/ml/kernels/webgpu/register';
import { programsRun, values } from '../../../support/kernel-compare';
import { useWebGpu } from '../../../support/webgpu-node';

const REPLACED = ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'Sum'];
const kernelFuncOf = (name: string) => tf.getKernel(name, 'webgpu')?.kernelFunc;

/** The WebGPU programs one Conv2DBackpropFilter call ran. */
async function programsOfFilterGradient(): Promise<string> {
  const x = tf.tensor4d(values([2, 12, 12, 3], 1), [2, 12, 12, 3]);
  const dy = tf.tensor4d(values([2, 12, 12, 8], 2), [2, 12, 12, 8]);
  const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 8] } as unknown as tf.NamedAttrMap;
  const programs = await programsRun('Conv2DBackpropFilter', () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor);
  tf.dispose([x, dy]);
  return programs;
}

describe('registerWebGpuKernels', () => {
  beforeAll(async () => {
    expect(await useWebGpu()).toBeUndefined();
    await tf.setBackend('webgpu');
  });

  it("'fast' puts our kernels in place, 'stock' puts tfjs's own back, and repeating either changes nothing", () => {
    registerWebGpuKernels('stock');
    const stock = REPLACED.map(kernelFuncOf);
    registerWebGpuKernels('fast');
    const fast = REPLACED.map(kernelFuncOf);
    fast.forEach((f, i) => {
      expect(f).toBeTypeOf('function');
      expect(f).not.toBe(stock[i]);
    });
    registerWebGpuKernels('fast');
    expect(REPLACED.map(kernelFuncOf)).toEqual(fast);
    registerWebGpuKernels('stock');
    registerWebGpuKernels('stock');
    expect(REPLACED.map(kernelFuncOf)).toEqual(stock);
    registerWebGpuKernels('fast');
    expect(REPLACED.map(kernelFuncOf)).toEqual(fast);
  });

  it('the registered kernel is the one that runs: our GEMM and split-sum programs, or tfjs’s filter-gradient program', async () => {
    registerWebGpuKernels('fast');
    const ours = await programsOfFilterGradient();
    expect(ours).toContain('FilterGradGemmProgram');
    expect(ours).not.toContain('Conv2DDerFilterProgram');
    registerWebGpuKernels('stock');
    const theirs = await programsOfFilterGradient();
    expect(theirs).toContain('Conv2DDerFilterProgram');
    expect(theirs).not.toContain('FilterGradGemmProgram');
    registerWebGpuKernels('fast');
  });
});
