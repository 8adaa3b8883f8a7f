import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradKernels } from '../../../../src/ml/kernels/wasm/grad-kernels';
import { seededRandom } from '../../../../src/core/random';

type Case = { name: string; x: number[]; f: number[]; strides: number; pad: 'same' | 'valid'; depthwise?: boolean };

const CASES: Case[] = [
  { name: '3×3 same, stride 1', x: [2, 9, 9, 3], f: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { name: '3×3 valid, stride 1', x: [2, 8, 7, 2], f: [3, 3, 2, 4], strides: 1, pad: 'valid' },
  { name: '3×3 same, stride 2', x: [3, 9, 10, 4], f: [3, 3, 4, 6], strides: 2, pad: 'same' },
  { name: '1×1 valid', x: [2, 5, 5, 6], f: [1, 1, 6, 3], strides: 1, pad: 'valid' },
  // One and three input channels at stride 1 take the gathered-taps filter gradient; wider or strided, the convolution.
  { name: '3×3 same, stride 1, 1 channel, batch 1, odd sizes', x: [1, 7, 9, 1], f: [3, 3, 1, 4], strides: 1, pad: 'same' },
  { name: '3×3 valid, stride 1, 3 channels, odd sizes', x: [3, 9, 11, 3], f: [3, 3, 3, 5], strides: 1, pad: 'valid' },
  { name: '2×2 same, stride 1 (padding only below and right), 3 channels', x: [2, 6, 5, 3], f: [2, 2, 3, 4], strides: 1, pad: 'same' },
  { name: '5×5 same, stride 2, 1 channel, odd sizes', x: [2, 11, 9, 1], f: [5, 5, 1, 3], strides: 2, pad: 'same' },
  { name: '3×3 valid, stride 2, 3 channels, batch 1', x: [1, 10, 11, 3], f: [3, 3, 3, 4], strides: 2, pad: 'valid' },
  { name: '3×3 same, stride 1, 8 channels, batch 1', x: [1, 7, 7, 8], f: [3, 3, 8, 6], strides: 1, pad: 'same' },
  { name: '4×4 same, stride 2, 5 channels', x: [2, 9, 9, 5], f: [4, 4, 5, 3], strides: 2, pad: 'same' },
  { name: 'depthwise 3×3 same, stride 1', x: [2, 8, 8, 3], f: [3, 3, 3, 1], strides: 1, pad: 'same', depthwise: true },
  { name: 'depthwise 3×3 same, stride 2', x: [2, 9, 9, 4], f: [3, 3, 4, 2], strides: 2, pad: 'same', depthwise: true },
  { name: 'depthwise 3×3 valid, stride 2', x: [2, 10, 9, 2], f: [3, 3, 2, 1], strides: 2, pad: 'valid', depthwise: true },
];

function values(shape: number[], seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1);
}

/** Gradients of a weighted sum of the convolution's output with respect to its input and its filter. */
async function gradients(backend: string, c: Case): Promise<{ dx: Float32Array; df: Float32Array }> {
  await tf.setBackend(backend);
  const x = tf.tensor4d(values(c.x, 1), c.x as [number, number, number, number]);
  const f = tf.tensor4d(values(c.f, 2), c.f as [number, number, number, number]);
  const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => (c.depthwise ? tf.depthwiseConv2d(a, b, c.strides, c.pad) : tf.conv2d(a, b, c.strides, c.pad));
  const outShape = tf.tidy(() => conv(x, f).shape);
  const weights = tf.tensor(values(outShape, 3), outShape);
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a as tf.Tensor4D, b as tf.Tensor4D).mul(weights).sum());
  const [dx, df] = grads([x, f]);
  const out = { dx: (await dx!.data()) as Float32Array, df: (await df!.data()) as Float32Array };
  tf.dispose([x, f, weights, dx!, df!]);
  return out;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
}

describe('WASM gradient kernels', () => {
  beforeAll(async () => {
    registerWasmGradKernels();
    await tf.setBackend('wasm');
  });

  it('registers the filter gradients stock WASM lacks', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm')).toBeDefined();
  });

  for (const c of CASES) {
    it(`agree with the CPU backend within float tolerance: ${c.name}`, async () => {
      const cpu = await gradients('cpu', c);
      const wasm = await gradients('wasm', c);
      expect(maxDiff(wasm.df, cpu.df)).toBeLessThan(1e-4);
      expect(maxDiff(wasm.dx, cpu.dx)).toBeLessThan(1e-4);
      expect(Math.max(...cpu.df.map(Math.abs))).toBeGreaterThan(0.1);
    });
  }

  it('MatMul with transposed operands agrees with the CPU backend', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const a = tf.tensor3d(values([2, 7, 5], 4), [2, 7, 5]);
      const b = tf.tensor3d(values([2, 7, 3], 5), [2, 7, 3]);
      const out = tf.matMul(a, b, true, false);
      const data = (await out.data()) as Float32Array;
      tf.dispose([a, b, out]);
      return data;
    };
    const cpu = await run('cpu');
    expect(maxDiff(await run('wasm'), cpu)).toBeLessThan(1e-5);
  });

  // The baseline is only used by the benchmark on cnn_model, whose convolutions all have stride 1.
  it('the benchmark baseline (5-D Conv3DBackpropFilterV2 route) agrees at stride 1, and the fast kernels come back', async () => {
    const cpu = await gradients('cpu', CASES[0]!);
    registerWasmGradKernels('baseline');
    const baseline = await gradients('wasm', CASES[0]!);
    registerWasmGradKernels('fast');
    const fast = await gradients('wasm', CASES[0]!);
    expect(maxDiff(baseline.df, cpu.df)).toBeLessThan(1e-4);
    expect(maxDiff(fast.df, cpu.df)).toBeLessThan(1e-4);
    expect(maxDiff(fast.dx, cpu.dx)).toBeLessThan(1e-4);
  });

  it('leave no tensor behind', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    await gradients('wasm', CASES[2]!);
    expect(tf.memory().numTensors).toBe(before);
  });
});
